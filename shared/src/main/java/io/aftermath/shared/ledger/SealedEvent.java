package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.HASH;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.PREVIOUS_HASH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.bson.BsonType;

/**
 * An event as stored: its BSON bytes with position, previous hash and hash in place. The bytes are
 * assembled around the caller's pre-encoded body, and the hash is taken over the canonical form
 * (the same bytes without the {@code hash} element), exactly what {@link EventHasher#hash} computes
 * from the decoded document, which is what the verifier recomputes.
 */
record SealedEvent(String aggregateId, long sequence, String hash, byte[] bson) {

    private static final byte[] POSITION_NAME = BsonBytes.cString(POSITION);
    private static final byte[] PREVIOUS_HASH_NAME = BsonBytes.cString(PREVIOUS_HASH);
    private static final byte[] HASH_NAME = BsonBytes.cString(HASH);

    static SealedEvent of(PendingEvent event, long position, String previousHash, MessageDigest digest) {
        byte[] previous = previousHash.getBytes(StandardCharsets.UTF_8);
        int canonicalLength = Integer.BYTES + 1 + POSITION_NAME.length + Long.BYTES + event.bodyLength()
                + stringElementLength(PREVIOUS_HASH_NAME, previous.length) + 1;
        int hashLength = stringElementLength(HASH_NAME, EventHasher.HEX_LENGTH);
        ByteBuffer stored = ByteBuffer.allocate(canonicalLength + hashLength).order(ByteOrder.LITTLE_ENDIAN);
        stored.putInt(canonicalLength + hashLength);
        stored.put((byte) BsonType.INT64.getValue()).put(POSITION_NAME).putLong(position);
        event.putBody(stored);
        putString(stored, PREVIOUS_HASH_NAME, previous);
        String hash = EventHasher.hashCanonical(digest, canonicalLength, stored.array(), Integer.BYTES,
                stored.position() - Integer.BYTES);
        putString(stored, HASH_NAME, hash.getBytes(StandardCharsets.US_ASCII));
        stored.put((byte) 0);
        return new SealedEvent(event.aggregateId(), event.sequence(), hash, stored.array());
    }

    private static int stringElementLength(byte[] name, int valueLength) {
        return 1 + name.length + Integer.BYTES + valueLength + 1;
    }

    private static void putString(ByteBuffer buffer, byte[] name, byte[] value) {
        buffer.put((byte) BsonType.STRING.getValue()).put(name).putInt(value.length + 1).put(value).put((byte) 0);
    }
}
