package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

class EmbeddedBackupTest {

    private static final int COMMITS_BEFORE = 60;

    @TempDir
    Path dataDir;

    @TempDir
    Path backups;

    @TempDir
    Path restored;

    @Test
    void a_backup_taken_while_appends_go_on_restores_every_commit_acknowledged_before_it() throws Exception {
        Path backup = backups.resolve("ledger.zip");
        AtomicInteger acknowledgedDuring = new AtomicInteger();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = LedgerTestSupport.soleWriter(client.getDatabase("aftermath"),
                     server.durabilityBarrier())) {
            for (int commit = 0; commit < COMMITS_BEFORE; commit++) {
                engine.appendEvents(events("before-" + commit % 6, 2L * (commit / 6), 2));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (long sequence = 0; writing.get(); sequence++) {
                    engine.appendEvents(events("during", sequence, 1));
                    acknowledgedDuring.incrementAndGet();
                }
            });

            long bytes = server.backupTo(backup);

            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
            assertThat(bytes).isEqualTo(Files.size(backup)).isPositive();
            assertThat(backups.resolve("ledger.zip.partial")).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                    .as("the backup holds the users' password hashes").isEqualTo("rw-------");
        }

        unzip(backup, restored);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(restored));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = LedgerTestSupport.engine(client.getDatabase("aftermath"),
                     server.durabilityBarrier())) {
            for (int stream = 0; stream < 6; stream++) {
                assertThat(engine.readEvents("before-" + stream).asStream().map(DomainEventMessage::getSequenceNumber))
                        .hasSize(2 * COMMITS_BEFORE / 6);
            }
            List<Long> positions = engine.readEvents(null, false)
                    .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex())
                    .toList();
            assertThat(positions).hasSizeGreaterThanOrEqualTo(2 * COMMITS_BEFORE)
                    .hasSizeLessThanOrEqualTo(2 * COMMITS_BEFORE + acknowledgedDuring.get());
            assertThat(positions).isSorted().doesNotHaveDuplicates();
            assertThat(positions.get(positions.size() - 1) - positions.get(0)).isEqualTo(positions.size() - 1);
            assertThat(new LedgerVerifier(client.getDatabase("aftermath")).verifyAll().intact()).isTrue();

            long head = engine.localHead();
            engine.appendEvents(events("after", 0, 1));
            assertThat(engine.localHead()).isEqualTo(head + 1);
        }
    }

    @Test
    void the_memory_backend_has_nothing_to_back_up() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.inMemory())) {
            assertThatThrownBy(() -> server.backupTo(backups.resolve("memory.zip")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("memory backend");
        }
        assertThat(backups.resolve("memory.zip")).doesNotExist();
    }

    private static void unzip(Path zip, Path directory) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry = entries.getNextEntry();
            assertThat(entry.getName()).isEqualTo(EmbeddedMongoServer.STORE_FILE);
            Files.copy(entries, directory.resolve(entry.getName()));
            assertThat(entries.getNextEntry()).isNull();
        }
    }
}
