package io.aftermath.command.directory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * Folds the ticket's own stream into the few facts others need. Reading from a sequence skips snapshots,
 * whose payload is an aggregate rather than an event. A stream only grows, so each ticket's facts are kept
 * with the sequence they were folded to and only what was appended since is read: a canonical ticket with
 * 1,500 duplicates had been read whole on every marking, every user update naming it (tester 44).
 */
@Component
public class EventStoreTicketDirectory implements TicketDirectory {

    private static final int REMEMBERED = 10_000;

    private final EventStore eventStore;
    private final Map<String, Folded> folded = new ConcurrentHashMap<>();

    /** A ticket's facts as of every event before {@code next}. */
    private record Folded(TicketFacts facts, long next) {
    }

    public EventStoreTicketDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<TicketFacts> find(String ticketId) {
        if (ticketId == null || ticketId.isBlank()) {
            return Optional.empty();
        }
        Folded known = folded.get(ticketId);
        long next = known == null ? 0 : known.next();
        DomainEventStream stream = eventStore.readEvents(ticketId, next);
        TicketFacts facts;
        if (known != null) {
            facts = known.facts();
        } else {
            if (!stream.hasNext()) {
                return Optional.empty();
            }
            DomainEventMessage<?> first = stream.next();
            if (!TicketReported.class.equals(first.getPayloadType())) {
                return Optional.empty();
            }
            TicketReported reported = (TicketReported) first.getPayload();
            facts = new TicketFacts(ticketId, reported.releaseId(), reported.actor(), null, false);
            next = 1;
        }
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            facts = fold(facts, event);
            next = event.getSequenceNumber() + 1;
        }
        // As the release directory bounds what it remembers: a node asked about more tickets starts over.
        if (folded.size() >= REMEMBERED) {
            folded.clear();
        }
        folded.put(ticketId, new Folded(facts, next));
        return Optional.of(facts);
    }

    private static TicketFacts fold(TicketFacts facts, DomainEventMessage<?> event) {
        Class<?> type = event.getPayloadType();
        if (TicketMarkedDuplicate.class.equals(type)) {
            String canonical = ((TicketMarkedDuplicate) event.getPayload()).canonicalTicketId();
            return new TicketFacts(facts.ticketId(), facts.releaseId(), facts.reporter(), canonical, facts.resolved());
        }
        if (TicketResolved.class.equals(type)) {
            return new TicketFacts(facts.ticketId(), facts.releaseId(), facts.reporter(), facts.canonicalTicketId(),
                    true);
        }
        if (TicketReopened.class.equals(type)) {
            // A reopened duplicate is a canonical again: new duplicates of it stop here, not at its old canonical.
            return new TicketFacts(facts.ticketId(), facts.releaseId(), facts.reporter(), null, false);
        }
        return facts;
    }
}
