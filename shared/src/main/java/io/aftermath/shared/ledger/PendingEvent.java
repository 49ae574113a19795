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

import java.time.Instant;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * An event serialized by the caller's thread, waiting for the appender to give it a position and a
 * hash. Streamless events follow Axon's convention: their own identifier is the stream, sequence 0.
 */
record PendingEvent(String eventId, String aggregateType, String aggregateId, long sequence, Instant timestamp,
                    String payloadType, String payloadRevision, BsonValue payload, BsonDocument metaData) {

    String streamKey() {
        return LedgerSchema.streamKey(aggregateId, sequence);
    }

    /** The stored form; its hash covers the position, so it is (re)built whenever a position is assigned. */
    BsonDocument toDocument(long position, String previousHash) {
        BsonDocument event = new BsonDocument()
                .append(POSITION, new BsonInt64(position))
                .append(EVENT_ID, new BsonString(eventId))
                .append(AGGREGATE_TYPE, aggregateType == null ? BsonNull.VALUE : new BsonString(aggregateType))
                .append(AGGREGATE_ID, new BsonString(aggregateId))
                .append(SEQUENCE, new BsonInt64(sequence))
                .append(TIMESTAMP, new BsonDateTime(timestamp.toEpochMilli()))
                .append(PAYLOAD_TYPE, new BsonString(payloadType))
                .append(PAYLOAD_REVISION, payloadRevision == null ? BsonNull.VALUE : new BsonString(payloadRevision))
                .append(PAYLOAD, payload)
                .append(META_DATA, metaData)
                .append(PREVIOUS_HASH, new BsonString(previousHash));
        return event.append(HASH, new BsonString(EventHasher.hash(event)));
    }
}
