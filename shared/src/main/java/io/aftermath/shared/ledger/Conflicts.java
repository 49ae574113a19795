package io.aftermath.shared.ledger;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/** Axon's exceptions for a lost race on a stream, worded like Axon's own engines word them. */
final class Conflicts {

    private Conflicts() {
    }

    static RuntimeException onStream(PendingEvent event, String detail) {
        if (event.sequence() == 0) {
            return new AggregateStreamCreationException(String.format(
                    "Cannot reuse aggregate identifier [%s] to create aggregate [%s] since identifiers need to be unique. %s",
                    event.aggregateId(), event.aggregateType(), detail));
        }
        return new ConcurrencyException(String.format(
                "An event for aggregate [%s] at sequence [%d] was already inserted. %s",
                event.aggregateId(), event.sequence(), detail));
    }

    static EventStoreException rejected(String reason) {
        return new EventStoreException(reason);
    }
}
