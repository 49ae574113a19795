package io.aftermath.shared.release;

import java.util.regex.Pattern;

/**
 * A release is named by its service and version: {@code checkout@2.4.0}. What each part may hold has been
 * checked since the first registration, so reads can refuse a name no release could have as malformed
 * rather than look it up and call it unknown.
 */
public final class ReleaseId {

    public static final String SERVICE = "[A-Za-z0-9][A-Za-z0-9._-]*";
    public static final String VERSION = "[A-Za-z0-9][A-Za-z0-9.+_-]*";
    public static final String FORMAT = SERVICE + "@" + VERSION;

    private static final Pattern WELL_FORMED = Pattern.compile(FORMAT);

    private ReleaseId() {
    }

    public static String of(String service, String version) {
        return service + "@" + version;
    }

    public static boolean isValid(String service, String version) {
        return service != null && version != null && service.indexOf('@') < 0 && isValid(of(service, version));
    }

    public static boolean isValid(String releaseId) {
        return releaseId != null && WELL_FORMED.matcher(releaseId).matches();
    }
}
