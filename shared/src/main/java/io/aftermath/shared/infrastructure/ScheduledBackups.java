package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;

/**
 * Takes a backup every {@code aftermath.backup.interval}, the first one interval after the start; no
 * interval, no schedule. A failed backup is logged and the next one taken on time: the schedule never
 * stops by itself. A schedule that could never take a backup stops the start instead.
 */
public final class ScheduledBackups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);

    private final PeriodicTask schedule;

    private ScheduledBackups(PeriodicTask schedule) {
        this.schedule = schedule;
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
            return new ScheduledBackups(null);
        }
        refuse(backups.unavailable());
        PeriodicTask schedule = PeriodicTask.every(interval, "store-backups", backups::take, LOG,
                "Scheduled backup of the embedded store failed; the next one runs on time");
        LOG.info("A backup of the embedded store every {}", SettingRange.print(interval));
        return new ScheduledBackups(schedule);
    }

    /** The interval's own range is {@link AftermathProperties.Backup}'s to check. */
    private static void refuse(Optional<String> unavailable) {
        if (unavailable.isPresent()) {
            throw new StartRefusedException("aftermath.backup.interval is set, but no backup can be taken: "
                    + unavailable.get());
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.close();
        }
    }
}
