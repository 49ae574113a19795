package io.aftermath.shared.ledger;

import java.nio.charset.StandardCharsets;

/** Pieces of BSON the appender lays out by hand. */
final class BsonBytes {

    private BsonBytes() {
    }

    /** An element name as BSON stores it: UTF-8, then a terminating zero. */
    static byte[] cString(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    /** The length a BSON document gives itself: its first four bytes, little-endian. */
    static int documentLength(byte[] document) {
        return document[0] & 0xff | (document[1] & 0xff) << 8 | (document[2] & 0xff) << 16 | (document[3] & 0xff) << 24;
    }

    /** The length of {@code value} in UTF-8 as {@code String.getBytes} encodes it, without encoding it. */
    static int utf8Length(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1; // an unpaired surrogate is encoded as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }
}
