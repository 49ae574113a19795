package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;
import io.aftermath.shared.ledger.Checkpoint;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.serialization.LedgerSerializers;

class StoreBackupsTest {

    @TempDir
    Path dataDir;

    @Test
    void after_each_backup_only_the_newest_are_kept_and_other_files_are_left_alone() throws Exception {
        List<String> taken = takeBackups(2, 4, "notes.txt");

        assertThat(backupsOnDisk()).containsExactlyElementsOf(taken.subList(2, 4));
        assertThat(dataDir.resolve("backups/notes.txt")).exists();
    }

    /** Tester 78: a backup a kill cut short left its .partial for good. */
    @Test
    void what_a_backup_cut_short_left_is_removed_as_the_node_starts() throws Exception {
        Path backups = Files.createDirectories(dataDir.resolve("backups"));
        Files.writeString(backups.resolve("aftermath-20261205T181320096Z.zip.partial"), "cut short");
        Files.writeString(backups.resolve("aftermath-20261205T181320096Z.json.partial"), "cut short");

        List<String> taken = takeBackups(0, 1, "notes.txt");

        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
                    Path.of(taken.get(0)).getFileName().toString().replace(".zip", ".json"),
                    Path.of(taken.get(0)).getFileName().toString(), "notes.txt");
        }
    }

    @Test
    void keep_zero_keeps_every_backup() throws Exception {
        List<String> taken = takeBackups(0, 3, null);

        assertThat(backupsOnDisk()).containsExactlyElementsOf(taken);
    }

    @Test
    void old_backups_go_with_their_records() throws Exception {
        List<String> taken = takeBackups(1, 3, null);

        try (Stream<Path> files = Files.list(dataDir.resolve("backups"))) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
                    Path.of(taken.get(2)).getFileName().toString().replace(".zip", ".json"),
                    Path.of(taken.get(2)).getFileName().toString());
        }
    }

    /** Before, a backup said how far it reached but nothing that would show a later rewrite of what it held. */
    @Test
    void a_backup_publishes_the_checkpoint_of_the_log_it_holds_in_its_answer_and_its_record() throws Exception {
        onTheStore((backups, engine, database) -> {
            engine.appendEvents(event("a", 0), event("a", 1));
            engine.appendEvents(event("b", 0));

            StoreBackup backup = backups.take();

            assertThat(backup.intact()).isTrue();
            assertThat(backup.head()).isEqualTo(3);
            assertThat(backup.checkpoint())
                    .isEqualTo(new LedgerVerifier(database).verifyBefore(3).checkpoint().orElseThrow())
                    .extracting(Checkpoint::position).isEqualTo(3L);
            assertThat(backup.firstBrokenLink()).isNull();
            Path record = Path.of(backup.file().replace(".zip", ".json"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record))).isEqualTo("rw-------");
            assertThat(Files.readString(record)).contains("\"digest\" : \"" + backup.checkpoint().digest() + "\"");
            assertThat(backups.newest()).contains(backup);
            assertThat(Files.readString(record)).contains("\"firstBrokenLink\" : null")
                    .contains("\"takenAt\" : \"" + backup.takenAt() + "\"");
            assertThat(backup.takenAt().getNano() % 1_000_000).isZero();
        });
    }

    @Test
    void a_backup_of_a_log_that_does_not_prove_itself_is_taken_and_names_the_broken_link() throws Exception {
        onTheStore((backups, engine, database) -> {
            engine.appendEvents(event("a", 0));
            engine.appendEvents(event("a", 1));
            database.getCollection(LedgerSchema.COMMITS)
                    .updateOne(Filters.eq("_id", 1L), Updates.set("events.0.hash", "0".repeat(64)));

            StoreBackup backup = backups.take();

            assertThat(backup.intact()).isFalse();
            assertThat(backup.checkpoint()).isNull();
            assertThat(backup.firstBrokenLink().position()).isEqualTo(1);
            assertThat(Path.of(backup.file())).exists();
            assertThat(backups.newest()).contains(backup);
        });
    }

    /** Tester 34: with the last commits deleted, the backup said intact, its checkpoint short of its head. */
    @Test
    void a_backup_of_a_log_missing_its_last_commits_says_where_it_ends() throws Exception {
        onTheStore((backups, engine, database) -> {
            engine.appendEvents(event("a", 0));
            engine.appendEvents(event("a", 1));
            engine.appendEvents(event("a", 2));
            database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 2L));

            StoreBackup backup = backups.take();

            assertThat(backup.head()).isEqualTo(3);
            assertThat(backup.intact()).isFalse();
            assertThat(backup.checkpoint()).isNull();
            assertThat(backup.firstBrokenLink().position()).isEqualTo(2);
            assertThat(backup.firstBrokenLink().problem()).contains("commits were removed from its end");
        });
    }

    /** Before: the store file, the journal and the lock file followed the umask (644), the backups directory too. */
    @Test
    void every_file_and_directory_the_store_creates_is_its_owners_alone() throws Exception {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDir = dataDir.resolve("store");
        Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        takeBackups(1, 1, null);

        try (Stream<Path> created = Files.walk(dataDir)) {
            List<Path> paths = created.filter(path -> !path.equals(dataDir)).toList();
            assertThat(paths).extracting(path -> dataDir.relativize(path).toString())
                    .contains("aftermath.mv.db", "aftermath.lock", "backups")
                    .anyMatch(name -> name.startsWith("aftermath-journal-"));
            for (Path path : paths) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
    }

    /** Takes {@code count} backups in order, keeping {@code keep}; answers their files, oldest first. */
    private List<String> takeBackups(int keep, int count, String otherFile) throws Exception {
        List<String> taken = new ArrayList<>();
        onTheStore(keep, (backups, engine, database) -> {
            if (otherFile != null) {
                Files.createDirectories(dataDir.resolve("backups"));
                Files.writeString(dataDir.resolve("backups").resolve(otherFile), "kept by its owner");
            }
            for (int i = 0; i < count; i++) {
                StoreBackup backup = backups.take();
                assertThat(taken).doesNotContain(backup.file());
                taken.add(backup.file());
            }
        });
        return taken;
    }

    private void onTheStore(StoreWork work) throws Exception {
        onTheStore(0, work);
    }

    private void onTheStore(int keep, StoreWork work) throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = MongoLedgerStorageEngine.builder()
                     .database(client.getDatabase("aftermath")).durabilityBarrier(server.durabilityBarrier())
                     .eventSerializer(LedgerSerializers.messages()).snapshotSerializer(LedgerSerializers.snapshots())
                     .build()) {
            MongoDatabase database = client.getDatabase("aftermath");
            work.run(new StoreBackups(server, engine, new LedgerVerifier(database), dataDir, keep), engine, database);
        }
    }

    private static DomainEventMessage<?> event(String stream, long sequence) {
        return new GenericDomainEventMessage<>("Ticket", stream, sequence, "event " + sequence + " of " + stream);
    }

    private interface StoreWork {
        void run(StoreBackups backups, MongoLedgerStorageEngine engine, MongoDatabase database) throws Exception;
    }

    private List<String> backupsOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("backups"))) {
            return files.map(Path::toString).filter(name -> name.endsWith(".zip")).sorted().toList();
        }
    }
}
