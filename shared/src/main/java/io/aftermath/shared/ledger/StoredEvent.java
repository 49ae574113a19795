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

import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event exactly as the ledger holds it, hashes included: what auditors export and fold, as
 * opposed to the deserialized messages Axon hands to handlers.
 */
public record StoredEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                          Instant timestamp, String payloadType, String payloadRevision, JsonNode payload,
                          JsonNode metaData, String previousHash, String hash) {

    static StoredEvent of(BsonDocument event) {
        return new StoredEvent(event.getInt64(POSITION).getValue(), event.getString(EVENT_ID).getValue(),
                text(event.get(AGGREGATE_TYPE)), event.getString(AGGREGATE_ID).getValue(),
                event.getInt64(SEQUENCE).getValue(), Instant.ofEpochMilli(event.getDateTime(TIMESTAMP).getValue()),
                event.getString(PAYLOAD_TYPE).getValue(), text(event.get(PAYLOAD_REVISION)),
                BsonJson.toJson(event.get(PAYLOAD)), BsonJson.toJson(event.get(META_DATA)),
                event.getString(PREVIOUS_HASH).getValue(), event.getString(HASH).getValue());
    }

    private static String text(BsonValue value) {
        return value == null || value.isNull() ? null : value.asString().getValue();
    }
}
