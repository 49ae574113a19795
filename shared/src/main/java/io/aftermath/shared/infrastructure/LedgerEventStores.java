package io.aftermath.shared.infrastructure;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** Axon's event store over the ledger, as the node's settings shape it. */
final class LedgerEventStores {

    private LedgerEventStores() {
    }

    /**
     * Axon's default looks for other nodes' events once a second; live dashboards want less. Its cache of the newest
     * events lets the processors following the head share one read of the log, at a few KB of heap per event: a
     * processor further behind than the cache reads the log on its own until it catches up. Its streams are
     * {@link LedgerEventStore}'s, which go on from a missing commit once it is put back.
     */
    static EmbeddedEventStore.Builder builder(EventStorageEngine engine, AftermathProperties.Ledger ledger) {
        return new LedgerEventStore.Builder()
                .storageEngine(engine)
                .fetchDelay(ledger.fetchDelay().toMillis())
                .cachedEvents(ledger.cachedEvents());
    }
}
