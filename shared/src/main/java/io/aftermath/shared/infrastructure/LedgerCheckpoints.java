package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.BrokenLink;
import io.aftermath.shared.ledger.Checkpoint;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ledger.VerificationReport;
import io.aftermath.shared.mongo.DataDirectory;

/**
 * Checkpoints of the ledger the node takes on a schedule ({@code aftermath.checkpoint.interval}): the log
 * below the head verified as a backup verifies it, and its {@link Checkpoint} published three ways: in
 * a record {@code checkpoint-<time>.json} in {@code aftermath.checkpoint.dir}, in the log, and in
 * {@code /actuator/info}. Backups publish checkpoints only of an embedded store; these work on any
 * store, and a directory the store's writers cannot reach keeps them where a rewrite of the store
 * cannot follow. After each, all but the newest {@code keep} records are deleted (none with 0), except
 * the newest intact one.
 */
final class LedgerCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerCheckpoints.class);
    private static final String PREFIX = "checkpoint-";
    private static final Pattern RECORD_NAME = Pattern.compile(PREFIX + FileTimes.PATTERN + "\\" + JsonRecordFile.SUFFIX);

    private final MongoLedgerStorageEngine engine;
    private final LedgerVerifier verifier;
    private final Path directory;
    private final int keep;
    private final CheckpointMetrics metrics;
    private final Clock clock;
    private final FileTimes times = new FileTimes();

    LedgerCheckpoints(MongoLedgerStorageEngine engine, LedgerVerifier verifier, Path directory, int keep,
                      CheckpointMetrics metrics, Clock clock) {
        this.engine = engine;
        this.verifier = verifier;
        this.directory = directory.toAbsolutePath();
        this.keep = keep;
        PartialFiles.removeLeftIn(this.directory);
        this.metrics = metrics;
        this.clock = clock;
        newest(TakenCheckpoint::intact).ifPresent(metrics::found);
    }

    Path directory() {
        return directory;
    }

    /** Where the records go when {@code aftermath.checkpoint.dir} names no directory. */
    static Path defaultDirectory(Path dataDir) {
        return dataDir.resolve("checkpoints");
    }

    synchronized TakenCheckpoint take() {
        long started = System.nanoTime();
        TakenCheckpoint taken;
        try {
            taken = verify();
        } catch (RuntimeException e) {
            metrics.failed(started);
            throw e;
        }
        // A broken log is counted and logged whether or not its record can be kept (tester 39).
        log(taken);
        try {
            write(taken);
        } catch (IOException e) {
            if (taken.intact()) {
                metrics.failed(started);
            } else {
                metrics.taken(started, taken);
            }
            LOG.warn("The record of a checkpoint could not be written to {}: {}", directory, e.toString());
            // What the check found is not lost with the record: it is in the answer, or the log's warning.
            throw new DomainRejection(ErrorCode.CHECKPOINT_NOT_KEPT, "The record of this checkpoint could not "
                    + "be written to " + directory + " (" + e + "; see aftermath.checkpoint.dir): "
                    + JsonRecordFile.toJson(taken));
        }
        metrics.taken(started, taken);
        return taken;
    }

    private TakenCheckpoint verify() {
        Instant takenAt = times.next(clock.instant());
        VerifiedHead verified = VerifiedHead.of(engine, verifier);
        VerificationReport report = verified.report();
        return new TakenCheckpoint(verified.head(), takenAt, report.intact(), report.checkpoint().orElse(null),
                report.firstBrokenLink().orElse(null));
    }

    private void write(TakenCheckpoint taken) throws IOException {
        DataDirectory.createOwnerOnlyDirectories(directory);
        JsonRecordFile.write(directory.resolve(PREFIX + FileTimes.FORMAT.format(taken.takenAt()) + JsonRecordFile.SUFFIX),
                taken);
        if (keep > 0) {
            // Only records this node could read count: a stray file of a record's name takes no one's place.
            List<Path> records = records().stream()
                    .filter(record -> JsonRecordFile.read(record, TakenCheckpoint.class).isPresent()).toList();
            Optional<Path> newestIntact = newest(records, TakenCheckpoint::intact);
            for (Path old : records.subList(0, Math.max(0, records.size() - keep))) {
                if (!old.equals(newestIntact.orElse(null))) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    /**
     * The newest readable record {@code wanted} accepts. The newest intact one is kept beyond
     * {@code keep}: once the log breaks, each checkpoint records it broken, and the last one saying what
     * the log was is the one an auditor needs (tester 37).
     */
    private static Optional<Path> newest(List<Path> records, Predicate<TakenCheckpoint> wanted) {
        for (int i = records.size() - 1; i >= 0; i--) {
            Path record = records.get(i);
            if (JsonRecordFile.read(record, TakenCheckpoint.class).filter(wanted).isPresent()) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    private void log(TakenCheckpoint taken) {
        if (taken.intact()) {
            LOG.info("Checkpoint of the ledger (kept in {}): position {}, digest {}", directory,
                    taken.checkpoint().position(), taken.checkpoint().digest());
        } else {
            LOG.warn("The ledger below position {} is not intact at position {}: {}; no checkpoint", taken.head(),
                    taken.firstBrokenLink().position(), taken.firstBrokenLink().problem());
        }
    }

    /** The newest readable record in the directory, this run's or an earlier one's. */
    Optional<TakenCheckpoint> newest() {
        return newest(any -> true);
    }

    private Optional<TakenCheckpoint> newest(Predicate<TakenCheckpoint> wanted) {
        try {
            return newest(records(), wanted).flatMap(record -> JsonRecordFile.read(record, TakenCheckpoint.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Oldest first. */
    private List<Path> records() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(LedgerCheckpoints::isRecord).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Only the names this class writes: another {@code checkpoint-….json} would sort as the newest. */
    private static boolean isRecord(Path file) {
        return RECORD_NAME.matcher(file.getFileName().toString()).matches();
    }

    /**
     * A checkpoint taken: the head it verified the log below, and whether that log proved itself:
     * {@code intact}, with its {@code checkpoint} at the head, or the {@code firstBrokenLink}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TakenCheckpoint(long head, Instant takenAt, boolean intact, @Nullable Checkpoint checkpoint,
                           @Nullable BrokenLink firstBrokenLink) {
    }
}
