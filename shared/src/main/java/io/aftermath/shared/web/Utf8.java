package io.aftermath.shared.web;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Well-formed UTF-8 as Unicode's table 3-7 defines it: no overlong forms ({@code C0 AF} for "/"), no
 * encoded surrogates, nothing past U+10FFFF. Jackson's UTF-8 reader checks only that continuation
 * bytes are continuation bytes, so it reads {@code C0 AF} and {@code E0 80 AF} as "/" without a word.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte of the first ill-formed sequence in the buffer's readable bytes, or -1. */
    public static int firstInvalid(DataBuffer buffer) {
        int start = buffer.readPosition();
        int end = buffer.writePosition();
        int at = start;
        while (at < end) {
            int lead = buffer.getByte(at) & 0xFF;
            if (lead < 0x80) {
                at++;
                continue;
            }
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            // The second byte's range is what rules out overlong forms, surrogates and code points past U+10FFFF.
            int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (length == 0 || at + length > end || !within(buffer.getByte(at + 1), low, high)) {
                return at - start;
            }
            for (int next = at + 2; next < at + length; next++) {
                if (!within(buffer.getByte(next), 0x80, 0xBF)) {
                    return at - start;
                }
            }
            at += length;
        }
        return -1;
    }

    private static boolean within(byte value, int low, int high) {
        int unsigned = value & 0xFF;
        return unsigned >= low && unsigned <= high;
    }
}
