package io.aftermath.shared.error;

/**
 * A query or path parameter, or a body field a decision refused (a release deployed in the future),
 * refused by its own rule: 400 {@code VALIDATION_FAILED}, naming it in the problem's {@code errors}, as
 * bean validation names a body field.
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

    /** A parameter that takes one value given several times, which Spring would bind as its first or all joined. */
    public static InvalidParameter givenMoreThanOnce(String parameter, int given) {
        return new InvalidParameter(parameter, "takes one value but was given " + given + ": give it once");
    }

    public String parameter() {
        return parameter;
    }

    public String rule() {
        return rule;
    }
}
