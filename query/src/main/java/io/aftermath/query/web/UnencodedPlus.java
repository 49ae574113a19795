package io.aftermath.query.web;

import java.util.regex.Pattern;

import io.aftermath.shared.release.ReleaseId;

/**
 * A '+' sent unencoded, which a query decodes as a space: an instant's offset sign
 * ({@code at=2026-12-03T04:00:00+02:00} arrives as "2026-12-03T04:00:00 02:00") or a version's build metadata
 * ({@code releaseId=plus@1.0.0+build5} as "plus@1.0.0 build5"). "must be an ISO-8601 instant" alone leaves the
 * client staring at a value that looks right.
 */
public final class UnencodedPlus {

    /** A time of day, a space where the offset's sign would be, then the offset's hours. */
    private static final Pattern SPACE_FOR_SIGN = Pattern.compile("\\d\\d:\\d\\d(?::\\d\\d(?:[.,]\\d+)?)? \\d\\d");
    private static final String WRITE_IT_ENCODED = "; a '+' in a URL query must be written %2B";

    private UnencodedPlus() {
    }

    /** What to add to the refusal of {@code value}: the way to send a '+', if a space stands where one would. */
    public static String hint(String value) {
        return SPACE_FOR_SIGN.matcher(value).find() ? WRITE_IT_ENCODED : "";
    }

    /** The same for a release id: whether it would be one with a '+' where a space is (tester 77). */
    public static String inReleaseId(String value) {
        return value.indexOf(' ') >= 0 && ReleaseId.isValid(value.replace(' ', '+')) ? WRITE_IT_ENCODED : "";
    }
}
