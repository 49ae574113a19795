package io.aftermath.shared.web.idempotency;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * Deletes expired idempotency keys now and then ({@link IdempotencyStore#forgetExpired}). Every node
 * sweeps; sweeps racing on one database delete the same documents at most once, so they need no
 * coordination. The first sweep comes within a minute of the start, so a node restarted more often
 * than the interval still sweeps. A zero interval turns sweeping off.
 */
public final class ExpiredKeySweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredKeySweeper.class);
    private static final Duration FIRST_SWEEP_AT_THE_LATEST = Duration.ofMinutes(1);

    private final IdempotencyStore store;
    private final ScheduledExecutorService thread = DaemonThreads.scheduler("idempotency-key-sweeper");

    public ExpiredKeySweeper(IdempotencyStore store, Duration interval) {
        this.store = store;
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Expired idempotency keys are not swept (aftermath.idempotency.sweep-interval={})", interval);
            return;
        }
        Duration first = interval.compareTo(FIRST_SWEEP_AT_THE_LATEST) < 0 ? interval : FIRST_SWEEP_AT_THE_LATEST;
        thread.scheduleWithFixedDelay(this::sweep, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            long forgotten = store.forgetExpired();
            if (forgotten > 0) {
                LOG.info("Forgot {} expired idempotency keys", forgotten);
            }
        } catch (RuntimeException e) {
            // A failed sweep must not end the schedule: the next one tries again.
            LOG.warn("Sweeping expired idempotency keys failed: {}", e.getMessage());
        }
    }

    /** Stops sweeping; waits briefly for a sweep under way, so it does not outlive the store's connection. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
