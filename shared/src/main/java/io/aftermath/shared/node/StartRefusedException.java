package io.aftermath.shared.node;

/**
 * This node will not start as configured, for a reason the operator can put right (a locked or
 * unwritable data directory, a setting the node cannot honour). Its message is the one line they
 * need, so the executable prints it instead of the stack trace of the failed start, and exits 2.
 */
public class StartRefusedException extends RuntimeException {

    public StartRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public StartRefusedException(String message) {
        super(message);
    }
}
