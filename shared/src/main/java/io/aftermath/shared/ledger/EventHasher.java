package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.META_DATA;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_REVISION;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.PREVIOUS_HASH;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;
import static io.aftermath.shared.ledger.LedgerSchema.TIMESTAMP;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * The per-stream hash chain: an event's hash is SHA-256 over the BSON encoding of its canonical
 * content, which includes the previous event's hash in the same stream. The canonical form is built
 * from the stored fields in a fixed order, so the verifier can recompute it from raw documents.
 */
public final class EventHasher {

    /** The {@code previousHash} of a stream's first event. */
    public static final String GENESIS = "0".repeat(64);

    static final int HEX_LENGTH = GENESIS.length();

    static final List<String> CANONICAL_FIELDS = List.of(POSITION, EVENT_ID, AGGREGATE_TYPE,
            AGGREGATE_ID, SEQUENCE, TIMESTAMP, PAYLOAD_TYPE, PAYLOAD_REVISION, PAYLOAD, META_DATA, PREVIOUS_HASH);
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventHasher::newDigest);

    private EventHasher() {
    }

    /** Hash of an event document (stored, or about to be); fields other than the canonical ones are ignored. */
    public static String hash(BsonDocument event) {
        BasicOutputBuffer buffer = canonicalBuffer(event);
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(buffer.getInternalBuffer(), 0, buffer.getPosition());
        return HEX.formatHex(digest.digest());
    }

    /**
     * The hash of a stored event laid out as the ledger writes it: its canonical elements, then the
     * {@code hash} element at {@code hashStart}, then the terminator.
     */
    static String hashAsWritten(byte[] stored, int hashStart) {
        return hashCanonical(SHA256.get(), hashStart + 1, stored, Integer.BYTES, hashStart - Integer.BYTES);
    }

    /** The bytes an event's hash is the SHA-256 of, for checks made elsewhere. */
    public static byte[] canonicalBytes(BsonDocument event) {
        return canonicalBuffer(event).toByteArray();
    }

    private static BasicOutputBuffer canonicalBuffer(BsonDocument event) {
        BsonDocument canonical = new BsonDocument();
        for (String field : CANONICAL_FIELDS) {
            BsonValue value = event.get(field);
            canonical.append(field, value == null ? BsonNull.VALUE : value);
        }
        BasicOutputBuffer buffer = new BasicOutputBuffer(512);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            CODEC.encode(writer, canonical, EncoderContext.builder().build());
        }
        return buffer;
    }

    /**
     * The hash of a canonical document given as its length and its elements (everything between the
     * length prefix and the terminator), which lets the appender hash bytes it assembled in place.
     * The digest is the caller's: the appender's single writer keeps one.
     */
    static String hashCanonical(MessageDigest digest, int documentLength, byte[] elements, int offset, int length) {
        digest.reset();
        for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE) {
            digest.update((byte) (documentLength >>> shift));
        }
        digest.update(elements, offset, length);
        digest.update((byte) 0);
        return HEX.formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
