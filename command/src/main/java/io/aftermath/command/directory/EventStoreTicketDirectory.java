package io.aftermath.command.directory;

import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * Folds the ticket's own stream into the few facts others need. Reading from sequence 0 skips
 * snapshots, whose payload is an aggregate rather than an event.
 */
@Component
public class EventStoreTicketDirectory implements TicketDirectory {

    private final EventStore eventStore;

    public EventStoreTicketDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public Optional<TicketFacts> find(String ticketId) {
        if (ticketId == null || ticketId.isBlank()) {
            return Optional.empty();
        }
        DomainEventStream stream = eventStore.readEvents(ticketId, 0);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = stream.next();
        if (!TicketReported.class.equals(first.getPayloadType())) {
            return Optional.empty();
        }
        TicketReported reported = (TicketReported) first.getPayload();
        TicketFacts facts = new TicketFacts(ticketId, reported.releaseId(), reported.actor(), null, false);
        while (stream.hasNext()) {
            facts = fold(facts, stream.next());
        }
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
