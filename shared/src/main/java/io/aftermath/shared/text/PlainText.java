package io.aftermath.shared.text;

/**
 * What plain text holds: what a person could type. A control character but tab and line breaks (a
 * NUL, an ANSI escape) travels into every terminal, export and page that shows the text, and half of
 * a surrogate pair has no UTF-8 form (the ledger stores U+FFFD in its place). JSON bodies holding
 * either are refused; imported documents, which come from the wild, are cleaned instead.
 */
public final class PlainText {

    /** What half of a surrogate pair becomes, in the ledger and in imports alike. */
    public static final char REPLACEMENT = '\uFFFD';

    private PlainText() {
    }

    /** U+0000–U+001F and U+007F–U+009F, except tab, line feed and carriage return. */
    public static boolean isControl(int codePoint) {
        return Character.isISOControl(codePoint) && codePoint != '\t' && codePoint != '\n' && codePoint != '\r';
    }

    /**
     * Whether the text shows nothing: null, empty, or only whitespace, space separators (U+00A0, U+3000),
     * format characters (U+200B, U+2060, U+FEFF) and control characters. {@link String#isBlank} knows
     * only the first, so a title of one zero-width space passed for a title.
     */
    public static boolean isBlank(String text) {
        return text == null || text.codePoints().allMatch(PlainText::isInvisible);
    }

    private static boolean isInvisible(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT || Character.isISOControl(codePoint);
    }

    /** A code point read with {@link String#codePointAt} is a surrogate only when its pair is missing. */
    public static boolean isUnpairedSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
