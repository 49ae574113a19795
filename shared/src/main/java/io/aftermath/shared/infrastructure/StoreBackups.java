package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Backups of the embedded H2 store into {@code <data-dir>/backups}, whether an ADMIN asks for one or
 * the schedule takes it; after each, all but the newest {@code keep} are deleted (none with 0). Each
 * one is measured ({@link BackupMetrics}).
 * <p>
 * Each backup verifies the log it holds and publishes its {@link Checkpoint} three ways: in the answer,
 * in the log and in a record beside the zip ({@link BackupRecord}). An operator's routine that moves
 * backups off the machine, or ships the log, so keeps checkpoints outside the store without an auditor
 * having to ask for them; and a restored backup is checked against the checkpoint taken with it.
 */
class StoreBackups {

    private static final Logger LOG = LoggerFactory.getLogger(StoreBackups.class);
    private static final String PREFIX = "aftermath-";
    private static final String SUFFIX = ".zip";

    private final EmbeddedMongoServer embedded;
    private final MongoLedgerStorageEngine engine;
    private final LedgerVerifier verifier;
    private final Path directory;
    private final int keep;
    private final BackupMetrics metrics;
    private final FileTimes times = new FileTimes();

    /** Without meters: records nothing. */
    StoreBackups(EmbeddedMongoServer embedded, MongoLedgerStorageEngine engine, LedgerVerifier verifier,
                 Path dataDir, int keep) {
        this(embedded, engine, verifier, dataDir, keep, new CompositeMeterRegistry());
    }

    /** {@code embedded} is null when the node runs on a MongoDB of its own. */
    StoreBackups(EmbeddedMongoServer embedded, MongoLedgerStorageEngine engine, LedgerVerifier verifier,
                 Path dataDir, int keep, MeterRegistry meters) {
        this.embedded = embedded;
        this.engine = engine;
        this.verifier = verifier;
        this.directory = dataDir.toAbsolutePath().resolve("backups");
        this.keep = keep;
        PartialFiles.removeLeftIn(directory);
        this.metrics = unavailable().isEmpty() ? new BackupMetrics(meters) : null;
        if (metrics != null) {
            newestOnDisk();
        }
    }

    /** Why this node cannot take a backup, if it cannot: it keeps no store file. */
    Optional<String> unavailable() {
        return unavailable(embedded != null, embedded != null && embedded.storeFile() == null);
    }

    /**
     * Why a node so configured cannot take a backup, if it cannot, told from the configuration alone:
     * before anything has connected to a store that may not answer.
     */
    static Optional<String> unavailable(AftermathProperties properties) {
        return unavailable(properties.mongo().isEmbedded(),
                properties.mongo().embedded().backend() == EmbeddedMongoSettings.Backend.MEMORY);
    }

    private static Optional<String> unavailable(boolean embedded, boolean inMemory) {
        if (!embedded) {
            return Optional.of("This node uses the MongoDB of aftermath.mongo.uri: back up the node whose embedded "
                    + "store that is, or use MongoDB's own means (mongodump, volume snapshots)");
        }
        if (inMemory) {
            return Optional.of("The embedded store runs in memory (aftermath.mongo.embedded.backend=memory): "
                    + "there is no file");
        }
        return Optional.empty();
    }

    /**
     * Takes a backup: whole once this returns. Every event below {@code head} (the durable head when
     * it began) is in it; events appended while it ran may be too.
     */
    synchronized StoreBackup take() throws IOException {
        Optional<String> unavailable = unavailable();
        if (unavailable.isPresent()) {
            throw new DomainRejection(ErrorCode.BACKUP_NOT_AVAILABLE, unavailable.get());
        }
        long started = System.nanoTime();
        try {
            StoreBackup backup = backUp();
            metrics.succeeded(started, backup.bytes(), backup.takenAt());
            logTaken(backup);
            return backup;
        } catch (IOException | RuntimeException e) {
            metrics.failed(started);
            throw e;
        }
    }

    private StoreBackup backUp() throws IOException {
        Instant takenAt = times.next(Instant.now());
        // Below the durable head every commit is written and never changes, so the log the backup copies
        // next holds what this verified, whatever is appended meanwhile.
        VerifiedHead below = VerifiedHead.of(engine, verifier);
        long head = below.head();
        VerificationReport verified = below.report();
        DataDirectory.createOwnerOnlyDirectories(directory);
        String name = PREFIX + FileTimes.FORMAT.format(takenAt);
        Path file = directory.resolve(name + SUFFIX);
        Path record = directory.resolve(name + BackupRecord.SUFFIX);
        StoreBackup unsized = new StoreBackup(file.toString(), 0, head, takenAt, verified.intact(),
                verified.checkpoint().orElse(null), verified.firstBrokenLink().orElse(null));
        StoreBackup backup;
        try {
            backup = unsized.withBytes(embedded.backupTo(file));
            BackupRecord.write(record, backup);
        } catch (IOException | RuntimeException e) {
            // A zip without its record would pass for one taken before records were kept: it failed whole.
            Files.deleteIfExists(file);
            Files.deleteIfExists(record);
            throw e;
        }
        deleteAllButNewest();
        return backup;
    }

    private static void logTaken(StoreBackup backup) {
        if (backup.intact()) {
            LOG.info("Backed up the embedded store to {} ({} bytes, every event below position {}); checkpoint: "
                    + "position {}, digest {}", backup.file(), backup.bytes(), backup.head(),
                    backup.checkpoint().position(), backup.checkpoint().digest());
        } else {
            LOG.warn("Backed up the embedded store to {} ({} bytes, every event below position {}), but the log it "
                    + "holds is not intact at position {}: {}; no checkpoint", backup.file(), backup.bytes(),
                    backup.head(), backup.firstBrokenLink().position(), backup.firstBrokenLink().problem());
        }
    }

    /**
     * The newest backup a run before this one left, so that the last backup's time does not read as
     * "never" after a restart. Files appear only once whole, so the newest name is the last success.
     */
    private void newestOnDisk() {
        try {
            Optional<Path> newest = newestZip();
            if (newest.isPresent()) {
                metrics.newest(Files.size(newest.get()), takenAt(newest.get()));
            }
        } catch (IOException | DateTimeParseException e) {
            // Only the gauges' starting values; the next backup sets them.
        }
    }

    /** The newest backup's record, where it has one (those taken before records were kept have none). */
    Optional<StoreBackup> newest() {
        try {
            return newestZip().flatMap(BackupRecord::readBeside);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> newestZip() throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(StoreBackups::isBackup).max(Comparator.naturalOrder());
        }
    }

    private static Instant takenAt(Path zip) {
        String name = zip.getFileName().toString();
        return FileTimes.FORMAT.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()), Instant::from);
    }

    private void deleteAllButNewest() throws IOException {
        if (keep <= 0) {
            return;
        }
        List<Path> backups;
        try (Stream<Path> files = Files.list(directory)) {
            backups = files.filter(StoreBackups::isBackup).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(BackupRecord.beside(old));
        }
    }

    private static boolean isBackup(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    /**
     * A backup taken: where, how large, the head it holds at least, and whether the log before that head
     * proved itself when taken: {@code intact}, with its {@code checkpoint} at the head, or the
     * {@code firstBrokenLink}. A backup is taken, and kept, whether or not the log is intact.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StoreBackup(String file, long bytes, long head, Instant takenAt, boolean intact,
                       @Nullable Checkpoint checkpoint, @Nullable BrokenLink firstBrokenLink) {

        StoreBackup withBytes(long size) {
            return new StoreBackup(file, size, head, takenAt, intact, checkpoint, firstBrokenLink);
        }
    }
}
