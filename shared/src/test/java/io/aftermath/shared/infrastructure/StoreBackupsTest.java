package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;
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

    @Test
    void keep_zero_keeps_every_backup() throws Exception {
        List<String> taken = takeBackups(0, 3, null);

        assertThat(backupsOnDisk()).containsExactlyElementsOf(taken);
    }

    /** Takes {@code count} backups in order, keeping {@code keep}; answers their files, oldest first. */
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

    private List<String> takeBackups(int keep, int count, String otherFile) throws Exception {
        List<String> taken = new ArrayList<>();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = MongoLedgerStorageEngine.builder()
                     .database(client.getDatabase("aftermath")).durabilityBarrier(server.durabilityBarrier())
                     .eventSerializer(LedgerSerializers.messages()).snapshotSerializer(LedgerSerializers.snapshots())
                     .build()) {
            StoreBackups backups = new StoreBackups(server, engine, dataDir, keep);
            if (otherFile != null) {
                Files.createDirectories(dataDir.resolve("backups"));
                Files.writeString(dataDir.resolve("backups").resolve(otherFile), "kept by its owner");
            }
            for (int i = 0; i < count; i++) {
                StoreBackup backup = backups.take();
                assertThat(taken).doesNotContain(backup.file());
                taken.add(backup.file());
            }
        }
        return taken;
    }

    private List<String> backupsOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("backups"))) {
            return files.map(Path::toString).filter(name -> name.endsWith(".zip")).sorted().toList();
        }
    }
}
