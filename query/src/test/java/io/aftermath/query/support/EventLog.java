package io.aftermath.query.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import io.aftermath.query.projection.ProjectionTransactionManager;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;

/**
 * A little ledger for projection tests: events at positions 0, 1, 2, ... handed to a projection's
 * {@code @EventHandler} methods directly, one by one or in batches the way a processor would. Each event
 * has an identifier of its own, as in the ledger: two logs never hold the same event, and its sequence
 * number in its aggregate's stream (the ticket's, or for {@code DuplicateAttached}/{@code
 * DuplicateDetached} the canonical's; else the release's), for handlers that ask for it.
 */
public final class EventLog {

    private final List<Object> events = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Long> sequences = new ArrayList<>();
    private final Map<String, Long> streamLengths = new HashMap<>();

    public EventLog append(Object... more) {
        for (Object event : more) {
            events.add(event);
            ids.add(UUID.randomUUID().toString());
            long sequence = streamLengths.merge(streamOf(event), 1L, Long::sum) - 1;
            sequences.add(sequence);
        }
        return this;
    }

    private static String streamOf(Object event) {
        if (event instanceof DuplicateAttached attached) {
            return attached.canonicalTicketId();
        }
        if (event instanceof DuplicateDetached detached) {
            return detached.canonicalTicketId();
        }
        for (String name : List.of("ticketId", "releaseId", "postmortemId")) {
            for (RecordComponent component : event.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        return String.valueOf(component.getAccessor().invoke(event));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return event.getClass().getName();
    }

    /** This log's first {@code count} events, the same events: what a backup taken then holds. */
    public EventLog upTo(int count) {
        EventLog prefix = new EventLog();
        prefix.events.addAll(events.subList(0, count));
        prefix.ids.addAll(ids.subList(0, count));
        prefix.sequences.addAll(sequences.subList(0, count));
        return prefix;
    }

    /** The identifier of the event at this position, if the log reaches it. */
    public Optional<String> eventIdAt(long position) {
        return position < ids.size() ? Optional.of(ids.get((int) position)) : Optional.empty();
    }

    public int size() {
        return events.size();
    }

    /** The position the next appended event will get; also "every event so far is before this". */
    public long head() {
        return events.size();
    }

    public Object event(int position) {
        return events.get(position);
    }

    public void applyTo(Object projection) {
        applyTo(projection, 0, events.size());
    }

    public void applyTo(Object projection, int from, int to) {
        for (int position = from; position < to; position++) {
            deliver(projection, position);
        }
    }

    /** The event at {@code position} once more, as a processor redelivers it. */
    public void deliver(Object projection, int position) {
        deliver(projection, events.get(position), position, sequences.get(position));
    }

    /**
     * As a processor does: each batch inside a batching unit of work (so stores prefetch what its events
     * name), its documents written once, at its end.
     */
    public void applyInBatches(int batchSize, Object... projections) {
        ProjectionTransactionManager transactions = new ProjectionTransactionManager();
        for (int start = 0; start < events.size(); start += batchSize) {
            applyInBatch(transactions, start, Math.min(events.size(), start + batchSize), projections);
        }
    }

    /** The events from {@code from} to {@code to} as one processing batch, in a transaction of {@code transactions}. */
    public void applyInBatch(TransactionManager transactions, int from, int to, Object... projections) {
        List<EventMessage<?>> messages = events.subList(from, to).stream()
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
        unitOfWork.start();
        Transaction transaction = transactions.startTransaction();
        try {
            for (int position = from; position < to; position++) {
                for (Object projection : projections) {
                    deliver(projection, position);
                }
            }
            transaction.commit();
        } finally {
            unitOfWork.commit();
        }
    }

    /** The log as the ledger streams it: each event at its position, in its stream with its sequence number. */
    public List<TrackedEventMessage<?>> tracked() {
        List<TrackedEventMessage<?>> tracked = new ArrayList<>();
        for (int position = 0; position < events.size(); position++) {
            Object event = events.get(position);
            tracked.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(position),
                    new GenericDomainEventMessage<>("Stream", streamOf(event), sequences.get(position), event)));
        }
        return tracked;
    }

    /** For projections whose handlers do not ask for the sequence number. */
    public static void deliver(Object projection, Object event, long position) {
        deliver(projection, event, position, null);
    }

    private static void deliver(Object projection, Object event, long position, Long sequence) {
        TrackingToken token = new GlobalSequenceTrackingToken(position);
        for (Method method : projection.getClass().getMethods()) {
            if (!method.isAnnotationPresent(EventHandler.class)
                    || !method.getParameterTypes()[0].isInstance(event)) {
                continue;
            }
            try {
                if (method.getParameterCount() == 1) {
                    method.invoke(projection, event);
                } else if (method.getParameterCount() == 2) {
                    method.invoke(projection, event, token);
                } else if (sequence != null) {
                    method.invoke(projection, event, token, sequence);
                } else {
                    throw new IllegalStateException(method + " asks for the sequence number: deliver through the log");
                }
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
