package io.aftermath.command.web;

/**
 * What a release's service and version may hold (checked since the first registration), so a field naming
 * a release that no registration could have made is refused as malformed (400) rather than looked up and
 * reported unknown (422).
 */
public final class ReleaseIdFormat {

    public static final String SERVICE = "[A-Za-z0-9][A-Za-z0-9._-]*";
    public static final String VERSION = "[A-Za-z0-9][A-Za-z0-9.+_-]*";
    public static final String RELEASE_ID = SERVICE + "@" + VERSION;
    public static final String RELEASE_ID_RULE = "must be a release id, service@version";

    private ReleaseIdFormat() {
    }
}
