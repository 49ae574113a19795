package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.HASH;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.PREVIOUS_HASH;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.io.BsonInput;
import org.springframework.lang.Nullable;

/**
 * What the verifier reads of a stored event, in one pass over its bytes, with its hash recomputed. A
 * document laid out as the ledger writes it (the canonical fields in their order, then {@code hash},
 * nothing else) is hashed over its own bytes, as the appender hashed them; any other layout (a document
 * written by something else) goes through {@link EventHasher#hash}, which builds the canonical form from
 * the fields wherever they stand. Either way the hash is SHA-256 over the same canonical bytes. Reading a
 * field of a raw document scans it from its start, and the verifier needed some twenty such scans an event.
 *
 * @param position null when missing or not an int64, as the other fields when missing or of another type
 */
record StoredEventFields(@Nullable Long position, @Nullable String eventId, @Nullable String aggregateId,
                         @Nullable Long sequence, @Nullable String previousHash, @Nullable String hash,
                         String recomputedHash) {

    private static final List<String> CANONICAL_FIELDS = EventHasher.CANONICAL_FIELDS;

    static StoredEventFields read(RawBsonDocument event) {
        ByteBuffer stored = event.getByteBuffer().asNIO();
        byte[] bytes = new byte[stored.remaining()];
        stored.get(bytes);
        Long position = null;
        String eventId = null;
        String aggregateId = null;
        Long sequence = null;
        String previousHash = null;
        String hash = null;
        int field = 0;
        int hashStart = -1;
        boolean asWritten = true;
        Set<String> seen = new HashSet<>();
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            BsonInput input = reader.getBsonInput();
            reader.readStartDocument();
            while (true) {
                int start = input.getPosition();
                BsonType type = reader.readBsonType();
                if (type == BsonType.END_OF_DOCUMENT) {
                    break;
                }
                String name = reader.readName();
                if (hashStart >= 0) {
                    asWritten = false;
                } else if (field < CANONICAL_FIELDS.size()) {
                    asWritten &= CANONICAL_FIELDS.get(field).equals(name);
                } else if (HASH.equals(name)) {
                    hashStart = start;
                } else {
                    asWritten = false;
                }
                field++;
                // The first of a name counts, as a raw document's getters find it.
                if (!seen.add(name)) {
                    reader.skipValue();
                    continue;
                }
                switch (name) {
                    case POSITION -> position = type == BsonType.INT64 ? reader.readInt64() : skip(reader);
                    case SEQUENCE -> sequence = type == BsonType.INT64 ? reader.readInt64() : skip(reader);
                    case EVENT_ID -> eventId = type == BsonType.STRING ? reader.readString() : skip(reader);
                    case AGGREGATE_ID -> aggregateId = type == BsonType.STRING ? reader.readString() : skip(reader);
                    case PREVIOUS_HASH -> previousHash = type == BsonType.STRING ? reader.readString() : skip(reader);
                    case HASH -> hash = type == BsonType.STRING ? reader.readString() : skip(reader);
                    default -> reader.skipValue();
                }
            }
        }
        String recomputed = asWritten && hashStart >= 0 && field == CANONICAL_FIELDS.size() + 1
                ? EventHasher.hashAsWritten(bytes, hashStart)
                : EventHasher.hash(event);
        return new StoredEventFields(position, eventId, aggregateId, sequence, previousHash, hash, recomputed);
    }

    private static <T> T skip(BsonBinaryReader reader) {
        reader.skipValue();
        return null;
    }
}
