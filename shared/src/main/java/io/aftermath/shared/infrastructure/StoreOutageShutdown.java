package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.mongodb.client.MongoClient;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.StoreSight;

/**
 * A node stopping while its store is out of reach would wait for it: Axon's processors sit in a store
 * call until the driver gives up on finding a server (30 s), Axon waits 5 s for them and then interrupts
 * them; a read waiting for the store holds the web server's graceful shutdown for its whole phase
 * (20 s). Stopping before the streams end and graceful shutdown begins (a higher phase than the
 * streams' {@code DEFAULT_PHASE - 512}), this answers the requests waiting for the store 503 and closes
 * the driver's connections when no writable server is in sight, so the processors' calls fail at once
 * and the node stops without waiting. The processors' claims cannot be released either way; they
 * expire after the claim timeout, as after a crash.
 * <p>
 * A store that hangs rather than dies (a frozen host, a partition) stays in sight until the driver's
 * heartbeat times out, and calls blocked reading its sockets wake neither when the client closes nor
 * when interrupted. So a store of {@code aftermath.mongo.uri} is also asked for a ping, and one that
 * does not answer it within {@link #PROBE} counts as out of reach; the blocked calls of the requests
 * answered end at the read timeout or with the process. The
 * embedded server runs in this process, so it is not probed: a slow moment of its own (a long
 * compaction) must not cut the requests waiting for it.
 */
final class StoreOutageShutdown implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutageShutdown.class);
    /** A store that answers takes milliseconds, also under load; a longer wait only delays the stop. */
    static final Duration PROBE = Duration.ofSeconds(2);

    private final StoreSight store;
    private final MongoClient client;
    private final MongoLedgerStorageEngine ledger;
    private final boolean probe;
    private final IntSupplier answerWaitingRequests;
    private volatile boolean running;

    /** {@code answerWaitingRequests} answers the requests still waiting for the store and says how many. */
    StoreOutageShutdown(StoreSight store, MongoClient client, MongoLedgerStorageEngine ledger, boolean probe,
                        IntSupplier answerWaitingRequests) {
        this.store = store;
        this.client = client;
        this.ledger = ledger;
        this.probe = probe;
        this.answerWaitingRequests = answerWaitingRequests;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        String outage = !store.inSight() ? "is out of reach" : probe ? unansweredPing() : null;
        if (outage == null) {
            return;
        }
        LOG.info("Stopping while the store {}: answering the requests waiting for it and closing its connections "
                + "first, so nothing waits for it", outage);
        // Before the close: calls waiting for a connection then fail with the pool's own error, not this answer.
        int answered = answerWaitingRequests.getAsInt();
        ledger.endTrackingReads();
        client.close();
        if (answered > 0) {
            LOG.info("Answered {} request(s) waiting for the store with 503", answered);
        }
    }

    /**
     * Why the store left a ping unanswered, or null if it answered. A store gone since the driver last looked fails
     * the ping at once (tester 70: "does not answer (no ping within 2000 ms)" 0.2 s after SIGTERM).
     */
    private String unansweredPing() {
        CompletableFuture<Void> pong = new CompletableFuture<>();
        // Its own thread: one blocked on a hanging store's socket stays so until the read timeout.
        DaemonThreads.start("store-probe-at-stop", () -> {
            try {
                client.getDatabase("admin").runCommand(new Document("ping", 1));
                pong.complete(null);
            } catch (RuntimeException e) {
                pong.completeExceptionally(e);
            }
        });
        try {
            pong.get(PROBE.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return "does not answer (no ping within " + PROBE.toMillis() + " ms)";
        } catch (ExecutionException e) {
            return "is out of reach (its ping failed: " + e.getCause().getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
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
