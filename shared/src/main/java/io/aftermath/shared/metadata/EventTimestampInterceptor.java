package io.aftermath.shared.metadata;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Writes each event's timestamp into its metadata as well: the contract lists it there beside the actor and the
 * correlation and causation ids (tester 85), and the export shows metadata as it was stored and hashed. Cut to
 * the millisecond the ledger keeps, so it reads exactly as the event's own {@code timestamp}.
 */
public class EventTimestampInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, event) -> event.andMetaData(Map.of(MetadataKeys.TIMESTAMP,
                event.getTimestamp().truncatedTo(ChronoUnit.MILLIS).toString()));
    }
}
