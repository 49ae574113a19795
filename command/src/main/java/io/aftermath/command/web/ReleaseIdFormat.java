package io.aftermath.command.web;

import io.aftermath.shared.release.ReleaseId;

/**
 * What a release's service and version may hold ({@link ReleaseId}), for request fields, so a field naming
 * a release that no registration could have made is refused as malformed (400) rather than looked up and
 * reported unknown (422). Anchored, though a Bean Validation pattern matches whole anyway: the API description
 * copies them, and a JSON Schema pattern matches anywhere in the value (tester 75: "x y" passed its schema).
 */
public final class ReleaseIdFormat {

    public static final String SERVICE = "^" + ReleaseId.SERVICE + "$";
    public static final String VERSION = "^" + ReleaseId.VERSION + "$";
    public static final String RELEASE_ID = "^" + ReleaseId.FORMAT + "$";
    public static final String RELEASE_ID_RULE = "must be a release id, service@version";

    private ReleaseIdFormat() {
    }
}
