package io.aftermath.bench;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** An Axon event storage engine being measured: ours on some backend, or the JDBC peer. */
interface StoreUnderTest extends AutoCloseable {

    String name();

    EventStorageEngine engine();

    default void append(DomainEventMessage<?> event) {
        engine().appendEvents(event);
    }

    /**
     * Appends {@code total} events from {@code writers} threads, one event per commit, each thread to
     * aggregates of its own, their names starting with {@code prefix}.
     */
    default Concurrently.Run appends(int writers, int total, String prefix) throws Exception {
        int aggregatesPerWriter = 50;
        return Concurrently.run(writers, total,
                (thread, index) -> BenchEvent.message(prefix + "-t" + thread + "-a" + (index % aggregatesPerWriter),
                        index / aggregatesPerWriter),
                this::append);
    }

    /** Reads the whole log through a tracking stream; with {@code deserialize} every payload is materialised. */
    default long replay(boolean deserialize) {
        return engine().readEvents(null, false)
                .peek(event -> {
                    if (deserialize) {
                        event.getPayload();
                    }
                })
                .count();
    }

    /** Loads one aggregate the way a repository does, payloads included. */
    default long loadStream(String aggregateId) {
        return engine().readEvents(aggregateId).asStream().peek(DomainEventMessage::getPayload).count();
    }

    @Override
    void close();
}
