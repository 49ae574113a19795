package io.aftermath.app.support;

/** The users of {@code application-test.yml}; all have the password {@value #PASSWORD}. */
public final class TestUsers {

    public static final String PASSWORD = "secret";
    public static final String REPORTER = "reporter";
    public static final String TRIAGER = "triager";
    public static final String RESPONDER = "responder";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    private TestUsers() {
    }
}
