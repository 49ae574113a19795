package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.node.StartRefusedException;

/**
 * Takes a backup every {@code aftermath.backup.interval}, the first one interval after the start; no
 * interval, no schedule. A failed backup is logged and the next one taken on time: the schedule never
 * stops by itself. A schedule that could never take a backup stops the start instead.
 */
public final class ScheduledBackups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

    private final StoreBackups backups;
    private final ScheduledExecutorService scheduler;

    private ScheduledBackups(StoreBackups backups, ScheduledExecutorService scheduler) {
        this.backups = backups;
        this.scheduler = scheduler;
    }

    /**
     * Refuses an {@code aftermath.backup.interval} this configuration could never honour, from the
     * configuration alone, so that the refusal comes before anything connects to a store (which, down,
     * would hold the start for the whole server selection timeout first).
     */
    public static void refuseImpossible(AftermathProperties properties) {
        Duration interval = properties.backup() == null ? null : properties.backup().interval();
        if (interval != null) {
            refuse(StoreBackups.unavailable(properties));
        }
    }

    /** {@code interval} null means none. */
    static ScheduledBackups start(StoreBackups backups, Duration interval) {
        if (interval == null) {
            return new ScheduledBackups(backups, null);
        }
        refuse(backups.unavailable());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-backups");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledBackups scheduled = new ScheduledBackups(backups, scheduler);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(scheduled::takeQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("A backup of the embedded store every {}", interval);
        return scheduled;
    }

    /** The interval's own range is {@link AftermathProperties.Backup}'s to check. */
    private static void refuse(Optional<String> unavailable) {
        if (unavailable.isPresent()) {
            throw new StartRefusedException("aftermath.backup.interval is set, but no backup can be taken: "
                    + unavailable.get());
        }
    }

    private void takeQuietly() {
        try {
            backups.take();
        } catch (Exception e) {
            LOG.warn("Scheduled backup of the embedded store failed; the next one runs on time", e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
