package io.aftermath.query.audit;

import java.util.Base64;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.aftermath.shared.ledger.StoredEvent;

/**
 * One stored event as a line of the NDJSON the auditors' reads answer ({@code /api/events} and a release's
 * events), the same line wherever it is read, so the same tools check both.
 */
final class EventLines {

    /** The {@code canonical} parameter, as both reads describe it. */
    static final String CANONICAL = "true adds canonical to every line: base64 of the BSON bytes its hash is the SHA-256 "
            + "of (true or false, in any case; anything else is 400)";

    private EventLines() {
    }

    /**
     * With {@code canonical}, a check made elsewhere can recompute the hash with any SHA-256 tool and
     * read what it covers with any BSON library: the JSON alone cannot say which BSON types were hashed.
     */
    static String line(StoredEvent event, boolean canonical) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("position", event.position())
                .put("stream", event.aggregateId())
                .put("sequence", event.sequence())
                .put("type", event.payloadType())
                .put("revision", event.payloadRevision())
                .put("aggregateType", event.aggregateType())
                .put("eventId", event.eventId())
                .put("timestamp", event.timestamp().toString());
        line.set("payload", event.payload());
        line.set("metadata", event.metaData());
        line.put("previousHash", event.previousHash()).put("hash", event.hash());
        if (canonical) {
            line.put("canonical", Base64.getEncoder().encodeToString(event.canonicalBytes()));
        }
        return line.toString() + "\n";
    }
}
