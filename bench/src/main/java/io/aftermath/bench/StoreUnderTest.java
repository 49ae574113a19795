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
