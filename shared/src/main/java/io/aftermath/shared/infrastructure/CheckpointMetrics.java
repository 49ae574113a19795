package io.aftermath.shared.infrastructure;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.aftermath.shared.infrastructure.LedgerCheckpoints.TakenCheckpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code aftermath.checkpoint{outcome}} (how long each checkpoint took: {@code intact},
 * {@code broken} when the log did not prove itself, {@code error} when none could be taken) and
 * {@code aftermath.checkpoint.last.intact.timestamp} (epoch seconds of the newest intact one; 0 before
 * the first), which an alert compares with the interval: it goes stale as soon as the log breaks or
 * the schedule stops. Registered only on a node that takes them.
 */
final class CheckpointMetrics {

    static final String DURATION = "aftermath.checkpoint";
    static final String LAST_INTACT = "aftermath.checkpoint.last.intact.timestamp";

    private final Timer intact;
    private final Timer broken;
    private final Timer error;
    private volatile Instant lastIntact = Instant.EPOCH;

    CheckpointMetrics(MeterRegistry registry) {
        this.intact = timer(registry, "intact");
        this.broken = timer(registry, "broken");
        this.error = timer(registry, "error");
        Gauge.builder(LAST_INTACT, this, metrics -> metrics.lastIntact.toEpochMilli() / 1000.0).baseUnit("seconds")
                .description("When the newest intact checkpoint of the ledger was taken, in seconds since the "
                        + "epoch (0 before the first)")
                .strongReference(true).register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(DURATION).description("Checkpoints of the ledger (scheduled or asked for), by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** A record found on disk at the start, so the gauge does not read "never" after a restart. */
    void found(TakenCheckpoint newest) {
        if (newest.intact() && newest.takenAt().isAfter(lastIntact)) {
            lastIntact = newest.takenAt();
        }
    }

    void taken(long startedNanos, TakenCheckpoint taken) {
        (taken.intact() ? intact : broken).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        found(taken);
    }

    void failed(long startedNanos) {
        error.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
