package io.aftermath.shared.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Online backups of the embedded H2 store (ADMIN, by the rules on {@code /api/admin/**}), into
 * {@code <data-dir>/backups}: a node that must keep running is backed up without stopping it.
 */
@RestController
class StoreBackupController {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final EmbeddedMongoServer embedded;
    private final MongoLedgerStorageEngine engine;
    private final Path directory;

    /** {@code embedded} is null when the node runs on a MongoDB of its own. */
    StoreBackupController(EmbeddedMongoServer embedded, MongoLedgerStorageEngine engine, Path dataDir) {
        this.embedded = embedded;
        this.engine = engine;
        this.directory = dataDir.toAbsolutePath().resolve("backups");
    }

    /**
     * Answers 201 once the backup file is whole. Every event below {@code head} (the durable head when
     * the backup began) is in it; events appended while it ran may be too.
     */
    @PostMapping(path = "/api/admin/backup", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<StoreBackup>> backup() {
        return Mono.fromCallable(this::takeBackup).subscribeOn(Schedulers.boundedElastic());
    }

    private ResponseEntity<StoreBackup> takeBackup() throws IOException {
        if (embedded == null) {
            throw new DomainRejection(ErrorCode.BACKUP_NOT_AVAILABLE, "This node uses the MongoDB of "
                    + "aftermath.mongo.uri: back up the node whose embedded store that is, or use MongoDB's own "
                    + "means (mongodump, volume snapshots)");
        }
        if (embedded.storeFile() == null) {
            throw new DomainRejection(ErrorCode.BACKUP_NOT_AVAILABLE,
                    "The embedded store runs in memory (aftermath.mongo.embedded.backend=memory): there is no file");
        }
        Instant takenAt = Instant.now();
        long head = engine.head();
        Files.createDirectories(directory);
        Path file = directory.resolve("aftermath-" + FILE_TIME.format(takenAt) + ".zip");
        long bytes = embedded.backupTo(file);
        return ResponseEntity.status(HttpStatus.CREATED).body(new StoreBackup(file.toString(), bytes, head, takenAt));
    }

    /** A backup taken: where, how large, and the head it holds at least. */
    record StoreBackup(String file, long bytes, long head, Instant takenAt) {
    }
}
