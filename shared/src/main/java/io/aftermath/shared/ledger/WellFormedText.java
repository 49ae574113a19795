package io.aftermath.shared.ledger;

import io.aftermath.shared.text.PlainText;

/**
 * A Java string may hold half of a surrogate pair (JSON lets a client send {@code "\ud800"}), which
 * has no UTF-8 form. Encoded as the driver does, it becomes bytes that MongoDB and the embedded
 * server read back as U+FFFD, so the stored event no longer matched its hash. The ledger writes that
 * U+FFFD itself, so what is hashed is what is read back.
 */
final class WellFormedText {


    private WellFormedText() {
    }

    static String of(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return replaceUnpaired(text, i);
            }
        }
        return text;
    }

    private static String replaceUnpaired(String text, int from) {
        StringBuilder wellFormed = new StringBuilder(text.length()).append(text, 0, from);
        int i = from;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            wellFormed.appendCodePoint(PlainText.isUnpairedSurrogate(codePoint) ? PlainText.REPLACEMENT : codePoint);
            i += Character.charCount(codePoint);
        }
        return wellFormed.toString();
    }
}
