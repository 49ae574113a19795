package io.aftermath.query.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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

    /**
     * The log as of {@code instant}, counting an event as stamped by then by its recorded timestamp or
     * by the time its payload says it happened ({@code at}, what ticket histories and timelines show,
     * taken when the command was accepted), whichever is earlier. Both are compared to the millisecond,
     * the precision every answer shows them in.
     */
    long positionAfter(Instant instant) {
        return engine.positionAfter(instant, event -> !toMillis(event.timestamp()).isAfter(instant)
                || happenedAt(event).map(at -> !toMillis(at).isAfter(instant)).orElse(false));
    }

    private static Instant toMillis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Optional<Instant> happenedAt(StoredEvent event) {
        JsonNode at = event.payload() == null ? null : event.payload().get("at");
        if (at == null || !at.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at.asText()));
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
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
