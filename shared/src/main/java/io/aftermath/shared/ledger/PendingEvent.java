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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;

import org.axonframework.serialization.SerializedType;

/**
 * An event serialized by the caller's thread, down to the BSON bytes of every stored field that does
 * not depend on where it lands: {@code encoded} is a document of the fields from {@code eventId} to
 * {@code metaData}, in stored order, at the start of the encoder's buffer (which may run past it; the
 * document's length is its first four bytes). The single appender then only adds the position and
 * the hashes, so the work on its critical path stays small however large the payloads are.
 * Streamless events follow Axon's convention: their own identifier is the stream, sequence 0.
 */
record PendingEvent(String eventId, String aggregateType, String aggregateId, long sequence, byte[] encoded) {

    static PendingEvent encode(String eventId, String aggregateType, String aggregateId, long sequence,
                               Instant timestamp, SerializedType payloadType, BsonContent payload,
                               BsonContent metaData) throws IOException {
        BsonOutput output = new BsonOutput(1024);
        output.writeStartDocument();
        output.writeName(EVENT_ID);
        output.writeString(eventId);
        writeNullable(output, AGGREGATE_TYPE, aggregateType);
        output.writeName(AGGREGATE_ID);
        output.writeString(aggregateId);
        output.writeName(SEQUENCE);
        output.writeInt64(sequence);
        output.writeName(TIMESTAMP);
        output.writeDateTime(timestamp.toEpochMilli());
        output.writeName(PAYLOAD_TYPE);
        output.writeString(payloadType.getName());
        writeNullable(output, PAYLOAD_REVISION, payloadType.getRevision());
        output.writeName(PAYLOAD);
        payload.writeTo(output);
        output.writeName(META_DATA);
        metaData.writeTo(output);
        output.writeEndDocument();
        return new PendingEvent(eventId, aggregateType, aggregateId, sequence, output.document());
    }

    /** The length of the stored fields' bytes: the encoded document without its length and terminator. */
    int bodyLength() {
        return BsonBytes.documentLength(encoded) - Integer.BYTES - 1;
    }

    ByteBuffer putBody(ByteBuffer out) {
        return out.put(encoded, Integer.BYTES, bodyLength());
    }

    private static void writeNullable(BsonOutput output, String name, String value) {
        output.writeName(name);
        if (value == null) {
            output.writeNull();
        } else {
            output.writeString(value);
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
