package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_ID;
import static io.aftermath.shared.ledger.LedgerSchema.AGGREGATE_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.EVENT_ID;
import static io.aftermath.shared.ledger.LedgerSchema.META_DATA;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_REVISION;
import static io.aftermath.shared.ledger.LedgerSchema.PAYLOAD_TYPE;
import static io.aftermath.shared.ledger.LedgerSchema.SEQUENCE;
import static io.aftermath.shared.ledger.LedgerSchema.TIMESTAMP;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

import org.axonframework.serialization.SerializedType;
import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event serialized by the caller's thread, down to the BSON bytes of every stored field that does
 * not depend on where it lands ({@code body}: the fields from {@code eventId} to {@code metaData}, in
 * stored order). The single appender then only adds the position and the hashes, so the work on its
 * critical path stays small however large the payloads are. Streamless events follow Axon's
 * convention: their own identifier is the stream, sequence 0.
 */
record PendingEvent(String eventId, String aggregateType, String aggregateId, long sequence, byte[] body) {

    static PendingEvent encode(String eventId, String aggregateType, String aggregateId, long sequence,
                               Instant timestamp, SerializedType payloadType, JsonNode payload, JsonNode metaData) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(1024);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeString(EVENT_ID, eventId);
            writeNullable(writer, AGGREGATE_TYPE, aggregateType);
            writer.writeString(AGGREGATE_ID, aggregateId);
            writer.writeInt64(SEQUENCE, sequence);
            writer.writeDateTime(TIMESTAMP, timestamp.toEpochMilli());
            writer.writeString(PAYLOAD_TYPE, payloadType.getName());
            writeNullable(writer, PAYLOAD_REVISION, payloadType.getRevision());
            writer.writeName(PAYLOAD);
            BsonJson.write(writer, payload);
            writer.writeName(META_DATA);
            BsonJson.writeDocument(writer, metaData);
            writer.writeEndDocument();
        }
        // The document's elements without its length prefix and terminator.
        byte[] body = Arrays.copyOfRange(buffer.getInternalBuffer(), Integer.BYTES, buffer.getPosition() - 1);
        return new PendingEvent(eventId, aggregateType, aggregateId, sequence, body);
    }

    private static void writeNullable(BsonBinaryWriter writer, String name, String value) {
        if (value == null) {
            writer.writeNull(name);
        } else {
            writer.writeString(name, value);
        }
    }

    String streamKey() {
        return LedgerSchema.streamKey(aggregateId, sequence);
    }

    /** The stored form at this position after this predecessor; its hash covers both. */
    SealedEvent seal(long position, String previousHash, MessageDigest digest) {
        return SealedEvent.of(this, position, previousHash, digest);
    }
}
