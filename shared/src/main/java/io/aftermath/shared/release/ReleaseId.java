package io.aftermath.shared.release;

/** A release is named by its service and version: {@code checkout@2.4.0}. */
public final class ReleaseId {

    private ReleaseId() {
    }

    public static String of(String service, String version) {
        return service + "@" + version;
    }

    public static boolean isValid(String service, String version) {
        return service != null && version != null && service.indexOf('@') < 0 && isValid(of(service, version));
    }

    /** The service never holds '@', so the first '@' separates it from the version. */
    public static boolean isValid(String releaseId) {
        if (releaseId == null || releaseId.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        int at = releaseId.indexOf('@');
        return at > 0 && at < releaseId.length() - 1;
    }
}
