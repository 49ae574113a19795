package io.aftermath.shared.ledger;

import java.time.Instant;

import org.bson.BsonDocument;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event exactly as the ledger holds it, hashes included: what auditors export and fold, as
 * opposed to the deserialized messages Axon hands to handlers.
 *
 * @param stored the stored document itself, from which {@link #canonicalBytes()} are taken on demand
 */
public record StoredEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                          Instant timestamp, String payloadType, String payloadRevision, JsonNode payload,
                          JsonNode metaData, String previousHash, String hash, BsonDocument stored) {

    static StoredEvent of(EventDocument event) {
        return new StoredEvent(event.position(), event.eventId(), event.aggregateType(), event.aggregateId(),
                event.sequence(), event.timestamp(), event.payloadType(), event.payloadRevision(),
                BsonJson.toJson(event.payload()), BsonJson.toJson(event.metaData()), event.previousHash(),
                event.hash(), event.document());
    }

    /** The bytes {@link #hash()} is the SHA-256 of: the stored event's canonical BSON. */
    public byte[] canonicalBytes() {
        return EventHasher.canonicalBytes(stored);
    }
}
