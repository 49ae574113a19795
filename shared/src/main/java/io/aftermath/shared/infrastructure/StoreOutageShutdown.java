package io.aftermath.shared.infrastructure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.mongodb.client.MongoClient;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A node stopping while its store is out of reach would wait for it: Axon's processors sit in a store
 * call until the driver gives up on finding a server (30 s), Axon waits 5 s for them and then interrupts
 * them. Stopping before Axon's processors (a higher phase than Axon's {@code Integer.MAX_VALUE - 3072}),
 * this closes the driver's connections when no writable server is in sight, so those calls fail at once
 * and the node stops without waiting. Their claims cannot be released either way; they expire after
 * the claim timeout, as after a crash.
 */
final class StoreOutageShutdown implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutageShutdown.class);

    private final MongoClient client;
    private final MongoLedgerStorageEngine ledger;
    private volatile boolean running;

    StoreOutageShutdown(MongoClient client, MongoLedgerStorageEngine ledger) {
        this.client = client;
        this.ledger = ledger;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!client.getClusterDescription().hasWritableServer()) {
            LOG.info("Stopping while the store is out of reach: closing its connections first, so nothing waits for it");
            ledger.endTrackingReads();
            client.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2500;
    }
}
