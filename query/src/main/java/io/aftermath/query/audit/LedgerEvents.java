package io.aftermath.query.audit;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ledger.StoredEvent;
import io.aftermath.shared.serialization.LedgerSerializers;

/**
 * The raw log for auditors: exported as stored, and read back into the shared event records without
 * any projection in between. Only our own message types are materialised, so a stored type name can
 * never make the reader load an arbitrary class.
 */
@Component
class LedgerEvents {

    private static final String OUR_MESSAGES = "io.aftermath.shared.";

    private final MongoLedgerStorageEngine engine;
    private final ObjectMapper mapper = LedgerSerializers.messageMapper();

    LedgerEvents(MongoLedgerStorageEngine engine) {
        this.engine = engine;
    }

    List<StoredEvent> page(long from, int limit) {
        try (Stream<StoredEvent> events = engine.storedEvents(from)) {
            return events.limit(limit).toList();
        }
    }

    /** Every event before {@code end}, in position order. */
    Stream<StoredEvent> before(long end) {
        return engine.storedEvents(0).takeWhile(event -> event.position() < end);
    }

    long head() {
        return engine.head();
    }

    long positionAfter(java.time.Instant instant) {
        return engine.positionAfter(instant);
    }

    Optional<Object> payload(StoredEvent event) {
        if (!event.payloadType().startsWith(OUR_MESSAGES)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.treeToValue(event.payload(), Class.forName(event.payloadType())));
        } catch (ClassNotFoundException | JsonProcessingException unknown) {
            return Optional.empty();
        }
    }

    JsonNode json(Object value) {
        return mapper.valueToTree(value);
    }
}
