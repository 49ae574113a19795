package io.aftermath.shared.mongo;

/** The data directory cannot be used; its message is the one line an operator needs. */
public class DataDirectoryException extends RuntimeException {

    public DataDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DataDirectoryException(String message) {
        super(message);
    }
}
