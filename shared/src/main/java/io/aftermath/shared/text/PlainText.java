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
     * format characters (U+200B, U+2060, U+FEFF), control characters, the blanks Unicode files as letters
     * or symbols (the Hangul fillers, U+2800 BRAILLE PATTERN BLANK, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD), noncharacters (U+FFFE) and marks with
     * nothing to mark (a lone U+0301). {@link String#isBlank} knows only the first, so a title of one
     * zero-width space passed for a title.
     */
    public static boolean isBlank(String text) {
        return text == null || text.codePoints().allMatch(PlainText::isInvisible);
    }

    /**
     * {@code text} without the blanks at either end that nobody types on purpose: whitespace, space
     * separators (U+00A0, U+3000), format characters (U+200B, U+FEFF), control characters and blank
     * glyphs. Marks stay: a combining accent ends a decomposed "José".
     */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPadding(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isPadding(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean isPadding(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT || Character.isISOControl(codePoint)
                || isBlankGlyph(codePoint);
    }

    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || type == Character.FORMAT
                || Character.isISOControl(codePoint) || isBlankGlyph(codePoint) || isNoncharacter(codePoint)
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isBlankGlyph(int codePoint) {
        return codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0
                || codePoint == 0x2800 || codePoint == 0x1D159;
    }

    private static boolean isNoncharacter(int codePoint) {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }

    /** A code point read with {@link String#codePointAt} is a surrogate only when its pair is missing. */
    public static boolean isUnpairedSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
