package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;

/**
 * Takes a backup every {@code aftermath.backup.interval}, the first one interval after the start. A
 * failed backup is logged and the next one taken on time: the schedule never stops by itself.
 */
final class ScheduledBackups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

    private final StoreBackups backups;
    private final ScheduledExecutorService scheduler;

    ScheduledBackups(StoreBackups backups, Duration interval) {
        this.backups = backups;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-backups");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::takeQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("A backup of the embedded store every {}", interval);
    }

    private void takeQuietly() {
        try {
            StoreBackup backup = backups.take();
            LOG.info("Backed up the embedded store to {} ({} bytes, every event below position {})", backup.file(),
                    backup.bytes(), backup.head());
        } catch (Exception e) {
            LOG.warn("Scheduled backup of the embedded store failed; the next one runs on time", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
