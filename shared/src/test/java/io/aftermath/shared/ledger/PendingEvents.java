package io.aftermath.shared.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;

import org.axonframework.serialization.SerializedType;

import com.fasterxml.jackson.databind.JsonNode;

/** Pending events from JSON trees, the way the ledger encodes an event whose payload takes the tree path. */
final class PendingEvents {

    private PendingEvents() {
    }

    /** The stored fields' bytes of a pending event, as the appender copies them. */
    static byte[] body(PendingEvent event) {
        return elements(event.encoded());
    }

    /** A document's elements, without its length and terminator; the array may run past the document. */
    static byte[] elements(byte[] document) {
        return Arrays.copyOfRange(document, Integer.BYTES, BsonBytes.documentLength(document) - 1);
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
