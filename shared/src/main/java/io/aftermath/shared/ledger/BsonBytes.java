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
}
