package io.aftermath.shared.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.axonframework.serialization.SerializedType;

import com.fasterxml.jackson.databind.JsonNode;

/** Pending events from JSON trees, the way the ledger encodes an event whose payload takes the tree path. */
final class PendingEvents {

    private PendingEvents() {
    }

    static PendingEvent fromTrees(String eventId, String aggregateType, String aggregateId, long sequence,
                                  Instant timestamp, SerializedType payloadType, JsonNode payload, JsonNode metaData) {
        try {
            return PendingEvent.encode(eventId, aggregateType, aggregateId, sequence, timestamp, payloadType,
                    BsonJson.content(payload), BsonJson.documentContent(metaData));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
