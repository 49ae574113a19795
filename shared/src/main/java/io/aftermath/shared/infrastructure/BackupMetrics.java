package io.aftermath.shared.infrastructure;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code aftermath.backup{outcome}} (how long each backup took, {@code success} or {@code error}),
 * {@code aftermath.backup.last.size} (bytes) and {@code aftermath.backup.last.success.timestamp}
 * (epoch seconds at which the newest backup began; 0 before the first). Registered only on a node that
 * can take backups, so a node without a store file shows no backup that looks forever overdue.
 */
final class BackupMetrics {

    static final String DURATION = "aftermath.backup";
    static final String LAST_SIZE = "aftermath.backup.last.size";
    static final String LAST_SUCCESS = "aftermath.backup.last.success.timestamp";

    private final Timer success;
    private final Timer error;
    private volatile long lastBytes;
    private volatile Instant lastTakenAt = Instant.EPOCH;

    BackupMetrics(MeterRegistry registry) {
        this.success = timer(registry, "success");
        this.error = timer(registry, "error");
        Gauge.builder(LAST_SIZE, this, metrics -> metrics.lastBytes).baseUnit("bytes")
                .description("Size of the newest backup file").register(registry);
        Gauge.builder(LAST_SUCCESS, this, metrics -> metrics.lastTakenAt.toEpochMilli() / 1000.0).baseUnit("seconds")
                .description("When the newest backup began, in seconds since the epoch: it holds every event "
                        + "appended before (0 before the first backup)")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(DURATION).description("Backups of the embedded store, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** A backup that is whole, taken now or found on disk at the start. */
    void newest(long bytes, Instant takenAt) {
        if (takenAt.isAfter(lastTakenAt)) {
            lastBytes = bytes;
            lastTakenAt = takenAt;
        }
    }

    void succeeded(long startedNanos, long bytes, Instant takenAt) {
        success.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        newest(bytes, takenAt);
    }

    void failed(long startedNanos) {
        error.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
