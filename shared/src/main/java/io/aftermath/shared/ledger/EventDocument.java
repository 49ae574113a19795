package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.HASH;
import static io.aftermath.shared.ledger.LedgerSchema.META_DATA;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_REVISION;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.POSITION;
import static io.aftermath.shared.ledger.LedgerSchema.PREVIOUS_HASH;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;
import static io.aftermath.shared.ledger.LedgerSchema.TIMESTAMP;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

/**
 * One event document as read back: its bytes exactly as stored, and the fields every read needs,
 * taken from those bytes in one pass. Payload and metadata stay bytes until someone reads them.
 * The driver's own decoding built a tree of hash maps and wrapped values for every event and every
 * payload (most of the reading thread's samples in a profiled replay), to be looked up by name
 * again field by field. A field whose stored type is not the documented one is left out here; asking
 * for it fails, and the {@link LedgerVerifier}, which works on the stored bytes, names the event.
 */
final class EventDocument {

    private static final int TYPICAL_EVENT_BYTES = 1024;
    private static final BsonDocumentCodec DOCUMENTS = new BsonDocumentCodec();

    private final RawBsonDocument document;
    private Long position;
    private String eventId;
    private String aggregateType;
    private String aggregateId;
    private Long sequence;
    private Long timestamp;
    private String payloadType;
    private String payloadRevision;
    private RawBsonDocument payload;
    private RawBsonDocument metaData;
    private String previousHash;
    private String hash;

    private EventDocument(byte[] bytes, int length) {
        this.document = new RawBsonDocument(bytes, 0, length);
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes, 0, length))) {
            reader.readStartDocument();
            BsonType type;
            while ((type = reader.readBsonType()) != BsonType.END_OF_DOCUMENT) {
                read(reader, reader.readName(), type, bytes);
            }
        }
    }

    /** The event document the reader is at (an element of a commit's events), copied out of the reply. */
    static EventDocument read(BsonReader reader) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(TYPICAL_EVENT_BYTES);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.pipe(reader);
        }
        return new EventDocument(buffer.getInternalBuffer(), buffer.getPosition());
    }

    /** An event-shaped document read some other way (a snapshot). */
    static EventDocument of(BsonDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(TYPICAL_EVENT_BYTES);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            DOCUMENTS.encode(writer, document, EncoderContext.builder().build());
        }
        return new EventDocument(buffer.getInternalBuffer(), buffer.getPosition());
    }

    private void read(BsonBinaryReader reader, String name, BsonType type, byte[] bytes) {
        switch (name) {
            case POSITION -> position = int64(reader, type);
            case EVENT_ID -> eventId = string(reader, type);
            case AGGREGATE_TYPE -> aggregateType = string(reader, type);
            case AGGREGATE_ID -> aggregateId = string(reader, type);
            case SEQUENCE -> sequence = int64(reader, type);
            case TIMESTAMP -> timestamp = dateTime(reader, type);
            case PAYLOAD_TYPE -> payloadType = string(reader, type);
            case PAYLOAD_REVISION -> payloadRevision = string(reader, type);
            case PAYLOAD -> payload = document(reader, type, bytes);
            case META_DATA -> metaData = document(reader, type, bytes);
            case PREVIOUS_HASH -> previousHash = string(reader, type);
            case HASH -> hash = string(reader, type);
            default -> reader.skipValue();
        }
    }

    private static Long int64(BsonReader reader, BsonType type) {
        if (type != BsonType.INT64) {
            reader.skipValue();
            return null;
        }
        return reader.readInt64();
    }

    private static Long dateTime(BsonReader reader, BsonType type) {
        if (type != BsonType.DATE_TIME) {
            reader.skipValue();
            return null;
        }
        return reader.readDateTime();
    }

    /** A string, or null where the stored value is null, missing or of another type. */
    private static String string(BsonReader reader, BsonType type) {
        if (type != BsonType.STRING) {
            reader.skipValue();
            return null;
        }
        return reader.readString();
    }

    /** A view of the embedded document's bytes, without copying them. */
    private static RawBsonDocument document(BsonBinaryReader reader, BsonType type, byte[] bytes) {
        if (type != BsonType.DOCUMENT) {
            reader.skipValue();
            return null;
        }
        int start = reader.getBsonInput().getPosition();
        reader.skipValue();
        return new RawBsonDocument(bytes, start, reader.getBsonInput().getPosition() - start);
    }

    /** The event exactly as stored, for verifying and exporting it. */
    RawBsonDocument document() {
        return document;
    }

    long position() {
        return required(position, POSITION);
    }

    String eventId() {
        return required(eventId, EVENT_ID);
    }

    /** Null for an event outside any stream. */
    String aggregateType() {
        return aggregateType;
    }

    String aggregateId() {
        return required(aggregateId, AGGREGATE_ID);
    }

    long sequence() {
        return required(sequence, SEQUENCE);
    }

    Instant timestamp() {
        return Instant.ofEpochMilli(required(timestamp, TIMESTAMP));
    }

    String payloadType() {
        return required(payloadType, PAYLOAD_TYPE);
    }

    String payloadRevision() {
        return payloadRevision;
    }

    BsonValue payload() {
        return required(payload, PAYLOAD);
    }

    BsonValue metaData() {
        return required(metaData, META_DATA);
    }

    String previousHash() {
        return required(previousHash, PREVIOUS_HASH);
    }

    String hash() {
        return required(hash, HASH);
    }

    private <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalStateException("The stored event " + (eventId == null ? "without an id" : eventId)
                    + " has no valid '" + field + "'; the ledger verifier names the first broken event");
        }
        return value;
    }
}
