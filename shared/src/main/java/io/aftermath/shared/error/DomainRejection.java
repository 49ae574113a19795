package io.aftermath.shared.error;

/**
 * A command refused by a business rule. Thrown by aggregates and command handlers; the code decides
 * the HTTP status, the message explains the case to a person.
 */
public class DomainRejection extends RuntimeException {

    private final ErrorCode code;

    public DomainRejection(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** Guard clause for decisions: refuse with {@code code} unless the rule holds. */
    public static void require(boolean rule, ErrorCode code, String message) {
        if (!rule) {
            throw new DomainRejection(code, message);
        }
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "DomainRejection[" + code + ": " + getMessage() + "]";
    }
}
