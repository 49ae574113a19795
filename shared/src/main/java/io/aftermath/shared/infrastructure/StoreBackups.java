package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.DataDirectory;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Backups of the embedded H2 store into {@code <data-dir>/backups}, whether an ADMIN asks for one or
 * the schedule takes it; after each, all but the newest {@code keep} are deleted (none with 0). Each
 * one is measured ({@link BackupMetrics}).
 */
class StoreBackups {

    private static final String PREFIX = "aftermath-";
    private static final String SUFFIX = ".zip";
    /** Sorts as it reads, so the newest backup is the last name. */
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final EmbeddedMongoServer embedded;
    private final MongoLedgerStorageEngine engine;
    private final Path directory;
    private final int keep;
    private final BackupMetrics metrics;
    private Instant lastTakenAt = Instant.EPOCH;

    /** Without meters: records nothing. */
    StoreBackups(EmbeddedMongoServer embedded, MongoLedgerStorageEngine engine, Path dataDir, int keep) {
        this(embedded, engine, dataDir, keep, new CompositeMeterRegistry());
    }

    /** {@code embedded} is null when the node runs on a MongoDB of its own. */
    StoreBackups(EmbeddedMongoServer embedded, MongoLedgerStorageEngine engine, Path dataDir, int keep,
                 MeterRegistry meters) {
        this.embedded = embedded;
        this.engine = engine;
        this.directory = dataDir.toAbsolutePath().resolve("backups");
        this.keep = keep;
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
            return backup;
        } catch (IOException | RuntimeException e) {
            metrics.failed(started);
            throw e;
        }
    }

    private StoreBackup backUp() throws IOException {
        // Names are times to the millisecond: two backups in one millisecond must not share a file.
        Instant takenAt = later(Instant.now(), lastTakenAt.plusMillis(1));
        lastTakenAt = takenAt;
        long head = engine.head();
        DataDirectory.createOwnerOnlyDirectories(directory);
        Path file = directory.resolve(PREFIX + FILE_TIME.format(takenAt) + SUFFIX);
        long bytes = embedded.backupTo(file);
        deleteAllButNewest();
        return new StoreBackup(file.toString(), bytes, head, takenAt);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The newest backup a run before this one left, so that the last backup's time does not read as
     * "never" after a restart. Files appear only once whole, so the newest name is the last success.
     */
    private void newestOnDisk() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            Optional<Path> newest = files.filter(StoreBackups::isBackup).max(Comparator.naturalOrder());
            if (newest.isPresent()) {
                String name = newest.get().getFileName().toString();
                Instant takenAt = FILE_TIME.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()),
                        Instant::from);
                metrics.newest(Files.size(newest.get()), takenAt);
            }
        } catch (IOException | DateTimeParseException e) {
            // Only the gauges' starting values; the next backup sets them.
        }
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
        }
    }

    private static boolean isBackup(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    /** A backup taken: where, how large, and the head it holds at least. */
    record StoreBackup(String file, long bytes, long head, Instant takenAt) {
    }
}
