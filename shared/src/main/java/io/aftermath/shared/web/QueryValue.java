package io.aftermath.shared.web;

/**
 * A query parameter's text as the API reads it: the spaces and tabs around it dropped, nothing else. Java's
 * {@code trim} also cuts control characters (x@1%00 read as x@1), and {@code strip} and {@code isBlank} the
 * separators U+001C–U+001F, so a value ending in one was read as another value, or as none.
 */
public final class QueryValue {

    private QueryValue() {
    }

    /** Null when absent, or holding nothing but spaces and tabs. */
    public static String of(String value) {
        if (value == null) {
            return null;
        }
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : value.substring(start, end);
    }

    public static boolean isAbsent(String value) {
        return of(value) == null;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
