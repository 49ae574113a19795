package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.mongo.DataDirectory;
import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;

/**
 * Takes a checkpoint of the ledger every {@code aftermath.checkpoint.interval}, the first one interval
 * after the start; no interval, no schedule. A failed one is logged and the next one taken on time. A
 * directory the records could never be written to stops the start instead of every checkpoint.
 */
public final class ScheduledCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledCheckpoints.class);

    private final PeriodicTask schedule;

    private ScheduledCheckpoints(PeriodicTask schedule) {
        this.schedule = schedule;
    }

    /** {@code interval} null means none. */
    static ScheduledCheckpoints start(LedgerCheckpoints checkpoints, Duration interval) {
        if (interval == null) {
            return new ScheduledCheckpoints(null);
        }
        refuseUnwritable(checkpoints.directory());
        PeriodicTask schedule = PeriodicTask.every(interval, "ledger-checkpoints", checkpoints::take, LOG,
                "Scheduled checkpoint of the ledger failed; the next one runs on time");
        LOG.info("A checkpoint of the ledger every {}, kept in {}", SettingRange.print(interval), checkpoints.directory());
        return new ScheduledCheckpoints(schedule);
    }

    /**
     * Refuses a directory given for a schedule that could never keep a record there, from the
     * configuration alone, before the data directory is touched (tester 37). The default one lies in
     * the data directory, which is checked as it is opened.
     */
    public static void refuseImpossible(AftermathProperties properties) {
        AftermathProperties.CheckpointSchedule schedule = properties.checkpoint();
        if (schedule != null && schedule.interval() != null && schedule.dir() != null
                && !schedule.dir().toString().isBlank()) {
            refuseUnwritable(schedule.dir().toAbsolutePath());
        }
    }

    private static void refuseUnwritable(Path directory) {
        try {
            DataDirectory.createOwnerOnlyDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw new StartRefusedException("aftermath.checkpoint.dir=" + directory + " cannot be created: " + e);
        }
        if (!Files.isWritable(directory)) {
            throw new StartRefusedException("aftermath.checkpoint.dir=" + directory + " is not writable by this "
                    + "process: no checkpoint could be kept there");
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.close();
        }
    }
}
