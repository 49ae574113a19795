package io.aftermath.shared.mongo;

import io.aftermath.shared.node.StartRefusedException;

/** The data directory cannot be used; its message is the one line an operator needs. */
public class DataDirectoryException extends StartRefusedException {

    public DataDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DataDirectoryException(String message) {
        super(message);
    }
}
