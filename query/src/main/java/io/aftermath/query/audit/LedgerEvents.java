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

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.BrokenLink;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.LedgerObstacle;
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
        return between(0, end);
    }

    /** Every event from {@code from} and before {@code end}, in position order. */
    Stream<StoredEvent> between(long from, long end) {
        return engine.storedEvents(from, end).takeWhile(event -> event.position() < end);
    }

    long head() {
        return engine.head();
    }

    /** The first commit boundary at or after {@code position}, so no cut splits a commit. */
    long cutAt(long position) {
        return engine.cutAt(position);
    }

    /** The hole a read of the log that ran out at {@code position} stopped at, if it did. */
    /** A commit a read that ran out at {@code position} failed on, named as the check of the whole log names it. */
    BrokenLink unreadableAt(long position, RuntimeException unreadable) {
        return BrokenLink.unreadableFrom(engine.obstacleAt(position).map(LedgerObstacle::position).orElse(position),
                unreadable);
    }

    Optional<LedgerHole> holeAt(long position) {
        return engine.holeAt(position);
    }

    /**
     * Refuses to answer as of {@code cut} when the read that ran out at {@code position} stopped at a
     * hole: what lies beyond it would be left out without a word.
     */
    void requireNoHoleAt(long position, long cut) {
        requireNoHoleAt(position, "so it cannot be read to " + cut);
    }

    /**
     * Refuses to answer as of {@code cut} when the read ran out at {@code reached} before it: at a hole, or
     * where the log now ends. A cut is never past a head this node read, and a head once read never moves
     * back, so a log ending before it lost commits from its end (tester 39: answered as the whole log).
     */
    void requireReadTo(long reached, long cut) {
        requireNoHoleAt(reached, cut);
        long end = engine.endFrom(reached);
        if (end < cut) {
            throw new DomainRejection(ErrorCode.LEDGER_INCOMPLETE, "The log ends at position " + end + ", before "
                    + "position " + cut + ", which this node had read: commits were removed from its end; "
                    + "GET /api/audit/verify reports it");
        }
    }

    /** As {@link #requireNoHoleAt(long, long)}, for a read of the whole log. */
    void requireNoHoleAtEnd(long position) {
        requireNoHoleAt(position, "so it cannot be read to its end");
    }

    private void requireNoHoleAt(long position, String consequence) {
        holeAt(position).ifPresent(hole -> {
            throw new DomainRejection(ErrorCode.LEDGER_INCOMPLETE, "The log has " + hole.problem() + ", "
                    + consequence + "; GET /api/audit/verify reports it");
        });
    }

    /**
     * The log as of {@code instant}, counting an event as stamped by then by its recorded timestamp or
     * by the time its payload says it happened ({@code at}, what ticket histories and timelines show,
     * taken when the command was accepted), whichever is earlier. Both are compared to the millisecond,
     * the precision every answer shows them in.
     */
    long positionAfter(Instant instant) {
        MongoLedgerStorageEngine.AsOf asOf = engine.asOf(instant,
                event -> !toMillis(event.timestamp()).isAfter(instant)
                        || happenedAt(event).map(at -> !toMillis(at).isAfter(instant)).orElse(false));
        // An event stamped by then may lie beyond a hole the read stopped at, however early the cut found so far.
        requireNoHoleAt(asOf.readTo(), "and an event stamped by " + instant + " may have been recorded beyond it, "
                + "so the log cannot be cut at that instant (a position can be)");
        return asOf.end();
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
