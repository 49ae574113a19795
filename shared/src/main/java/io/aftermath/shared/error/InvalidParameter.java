package io.aftermath.shared.error;

/**
 * A query or path parameter refused by its own rule: 400 {@code VALIDATION_FAILED}, naming the
 * parameter in the problem's {@code errors}, as a body field would be named.
 */
public final class InvalidParameter extends DomainRejection {

    private final String parameter;
    private final String rule;

    /** {@code rule} completes the parameter's name: "must be between 1 and 1000". */
    public InvalidParameter(String parameter, String rule) {
        super(ErrorCode.VALIDATION_FAILED, parameter + " " + rule);
        this.parameter = parameter;
        this.rule = rule;
    }

    public String parameter() {
        return parameter;
    }

    public String rule() {
        return rule;
    }
}
