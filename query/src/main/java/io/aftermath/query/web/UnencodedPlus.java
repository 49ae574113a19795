package io.aftermath.query.web;

import java.util.regex.Pattern;

/**
 * An instant's offset sign sent unencoded: {@code at=2026-12-03T04:00:00+02:00} arrives as
 * "2026-12-03T04:00:00 02:00", since a query decodes '+' as a space, and "must be an ISO-8601 instant" alone
 * leaves the client staring at a value that looks right.
 */
public final class UnencodedPlus {

    /** A time of day, a space where the offset's sign would be, then the offset's hours. */
    private static final Pattern SPACE_FOR_SIGN = Pattern.compile("\\d\\d:\\d\\d(?::\\d\\d(?:[.,]\\d+)?)? \\d\\d");

    private UnencodedPlus() {
    }

    /** What to add to the refusal of {@code value}: the way to send a '+', if a space stands where one would. */
    public static String hint(String value) {
        return SPACE_FOR_SIGN.matcher(value).find() ? "; a '+' in a URL query must be written %2B" : "";
    }
}
