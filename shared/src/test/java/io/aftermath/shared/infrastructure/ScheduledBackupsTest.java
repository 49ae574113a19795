package io.aftermath.shared.infrastructure;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.serialization.LedgerSerializers;

/**
 * The schedule itself, at an interval {@code aftermath.backup.interval} refuses (under a minute), so
 * that a test sees several backups; the setting's range is {@link AftermathProperties.Backup}'s.
 */
class ScheduledBackupsTest {

    @TempDir
    Path dataDir;

    @Test
    void backups_are_taken_on_schedule_and_only_the_newest_kept() throws Exception {
        Set<String> seen = new HashSet<>();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir.resolve("store")));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = MongoLedgerStorageEngine.builder()
                     .database(client.getDatabase("aftermath")).durabilityBarrier(server.durabilityBarrier())
                     .eventSerializer(LedgerSerializers.messages()).snapshotSerializer(LedgerSerializers.snapshots())
                     .build();
             ScheduledBackups scheduled = ScheduledBackups.start(new StoreBackups(server, engine, new LedgerVerifier(client.getDatabase("aftermath")), dataDir, 2),
                     Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<String> onDisk = backups();
                seen.addAll(onDisk);
                return seen.size() >= 4 && onDisk.size() <= 2;
            });
        }
    }

    private List<String> backups() throws IOException {
        Path directory = dataDir.resolve("backups");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".zip")).toList();
        }
    }
}
