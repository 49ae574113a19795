package io.aftermath.shared.infrastructure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.mongodb.client.MongoClient;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A node stopping while its store is out of reach would wait for it: Axon's processors sit in a store
 * call until the driver gives up on finding a server (30 s), Axon waits 5 s for them and then interrupts
 * them; a read waiting for the store holds the web server's graceful shutdown for its whole phase
 * (20 s); the streams' closing waits 5 s behind the live loop's read. Stopping before all three (a
 * higher phase than the streams' {@code DEFAULT_PHASE - 512}), this closes the driver's connections
 * when no writable server is in sight, so those calls fail at once: the read is answered 503 and the
 * node stops without waiting. The processors' claims cannot be released either way; they expire after
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

    /** Before the open streams end ({@code DEFAULT_PHASE - 512}) and graceful shutdown waits for requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 256;
    }
}
