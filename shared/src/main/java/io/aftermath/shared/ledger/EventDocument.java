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
import java.util.function.Consumer;
import java.util.function.Function;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.io.BsonInput;
import org.bson.io.BsonInputMark;

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
                readField(reader, reader.readName(), type, bytes);
            }
        }
    }

    /** The event document the reader is at (an element of a commit's events), copied out of the reply. */
    static EventDocument read(BsonReader reader) {
        return reader instanceof BsonBinaryReader binary ? copied(binary) : written(writer -> writer.pipe(reader));
    }

    /**
     * The document's bytes as the reply holds them, the driver's reader passed over them. Piping them
     * through a writer encoded every field again into a buffer of 1 KB or more, grown by copying.
     */
    private static EventDocument copied(BsonBinaryReader reader) {
        BsonInput input = reader.getBsonInput();
        BsonInputMark start = input.getMark(Integer.MAX_VALUE);
        int from = input.getPosition();
        reader.skipValue();
        byte[] bytes = new byte[input.getPosition() - from];
        start.reset();
        input.readBytes(bytes);
        return new EventDocument(bytes, bytes.length);
    }

    /** An event-shaped document read some other way (a snapshot). */
    static EventDocument of(BsonDocument document) {
        return written(writer -> DOCUMENTS.encode(writer, document, EncoderContext.builder().build()));
    }

    private static EventDocument written(Consumer<BsonBinaryWriter> write) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(TYPICAL_EVENT_BYTES);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            write.accept(writer);
        }
        return new EventDocument(buffer.getInternalBuffer(), buffer.getPosition());
    }

    private void readField(BsonBinaryReader reader, String name, BsonType type, byte[] bytes) {
        switch (name) {
            case POSITION -> position = valueOf(reader, type, BsonType.INT64, BsonReader::readInt64);
            case EVENT_ID -> eventId = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case AGGREGATE_TYPE -> aggregateType = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case AGGREGATE_ID -> aggregateId = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case SEQUENCE -> sequence = valueOf(reader, type, BsonType.INT64, BsonReader::readInt64);
            case TIMESTAMP -> timestamp = valueOf(reader, type, BsonType.DATE_TIME, BsonReader::readDateTime);
            case PAYLOAD_TYPE -> payloadType = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case PAYLOAD_REVISION -> payloadRevision = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case PAYLOAD -> payload = embeddedView(reader, type, bytes);
            case META_DATA -> metaData = embeddedView(reader, type, bytes);
            case PREVIOUS_HASH -> previousHash = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            case HASH -> hash = valueOf(reader, type, BsonType.STRING, BsonReader::readString);
            default -> reader.skipValue();
        }
    }

    /** The value, or null where it is stored as another type (a null revision or aggregate type included). */
    private static <T> T valueOf(BsonReader reader, BsonType stored, BsonType expected, Function<BsonReader, T> read) {
        if (stored != expected) {
            reader.skipValue();
            return null;
        }
        return read.apply(reader);
    }

    /** A view of the embedded document's bytes, without copying them. */
    private static RawBsonDocument embeddedView(BsonBinaryReader reader, BsonType type, byte[] bytes) {
        if (type != BsonType.DOCUMENT) {
            reader.skipValue();
            return null;
        }
        int start = reader.getBsonInput().getPosition();
        reader.skipValue();
        return new RawBsonDocument(bytes, start, reader.getBsonInput().getPosition() - start);
    }

    /**
     * This event of a commit, refused as out of the ledger's shape if a field every event has is missing or of
     * another type; its payload and metadata are read only when asked for (a payload need not be a document). Checked as its commit is read, it holds processors at that commit and answers reads
     * {@code STORE_MALFORMED}, as a commit's own field does: asked for later, a field a handler read (an event's
     * timestamp written as text) failed inside it, which Axon logs and passes over, so every rebuild read past the
     * event (tester 154).
     */
    EventDocument checked() {
        required(position, POSITION);
        required(eventId, EVENT_ID);
        required(aggregateId, AGGREGATE_ID);
        required(sequence, SEQUENCE);
        required(timestamp, TIMESTAMP);
        required(payloadType, PAYLOAD_TYPE);
        required(previousHash, PREVIOUS_HASH);
        required(hash, HASH);
        return this;
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

    /** Refused as a document out of the ledger's shape, which reads answer {@code STORE_MALFORMED}. */
    private <T> T required(T value, String field) {
        if (value == null) {
            throw new BsonInvalidOperationException("The stored event " + (eventId == null ? "without an id" : eventId)
                    + " has no valid '" + field + "'; the ledger verifier names the first broken event");
        }
        return value;
    }
}
