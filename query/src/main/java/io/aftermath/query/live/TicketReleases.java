package io.aftermath.query.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import io.aftermath.shared.ticket.TicketReported;

/**
 * Which release a ticket belongs to, for events that do not say (a prioritisation): from the tickets
 * this node's tail has seen, else from the ticket's first event in the log (a key lookup). Bounded.
 */
@Component
public class TicketReleases {

    private static final int CAPACITY = 100_000;

    private final EventStore eventStore;
    private final Map<String, String> known = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    });

    public TicketReleases(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    void learn(String ticketId, String releaseId) {
        known.put(ticketId, releaseId);
    }

    public Optional<String> releaseOf(String ticketId) {
        String releaseId = known.get(ticketId);
        if (releaseId != null) {
            return Optional.of(releaseId);
        }
        DomainEventStream stream = eventStore.readEvents(ticketId, 0);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = stream.next();
        if (first.getPayload() instanceof TicketReported reported) {
            learn(ticketId, reported.releaseId());
            return Optional.of(reported.releaseId());
        }
        return Optional.empty();
    }
}
