package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BackupMetricsTest {

    @TempDir
    Path dataDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void each_backup_is_timed_and_the_newest_gives_the_last_size_and_time() throws Exception {
        onTheStore((server, engine, verifier) -> {
            StoreBackups backups = new StoreBackups(server, engine, verifier, dataDir, 0, meters);
            backups.take();
            StoreBackup newest = backups.take();

            assertThat(meters.get(BackupMetrics.DURATION).tag("outcome", "success").timer().count()).isEqualTo(2);
            assertThat(meters.get(BackupMetrics.DURATION).tag("outcome", "error").timer().count()).isZero();
            assertThat(meters.get(BackupMetrics.LAST_SIZE).gauge().value()).isEqualTo(newest.bytes()).isPositive();
            assertThat(meters.get(BackupMetrics.LAST_SUCCESS).gauge().value())
                    .isEqualTo(newest.takenAt().toEpochMilli() / 1000.0);
        });
    }

    @Test
    void a_restarted_node_starts_from_the_newest_backup_on_disk() throws Exception {
        onTheStore((server, engine, verifier) -> {
            StoreBackups before = new StoreBackups(server, engine, verifier, dataDir, 0);
            before.take();
            StoreBackup newest = before.take();

            new StoreBackups(server, engine, verifier, dataDir, 0, meters);

            assertThat(meters.get(BackupMetrics.LAST_SIZE).gauge().value()).isEqualTo(newest.bytes());
            assertThat(meters.get(BackupMetrics.LAST_SUCCESS).gauge().value())
                    .isEqualTo(newest.takenAt().toEpochMilli() / 1000.0);
            assertThat(meters.get(BackupMetrics.DURATION).tag("outcome", "success").timer().count()).isZero();
        });
    }

    @Test
    void a_failed_backup_is_timed_as_an_error_and_leaves_the_last_one_standing() throws Exception {
        onTheStore((server, engine, verifier) -> {
            StoreBackups backups = new StoreBackups(server, engine, verifier, dataDir, 0, meters);
            StoreBackup before = backups.take();
            Path directory = Path.of(before.file()).getParent();
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
            Files.writeString(directory, "a file where the backups directory should be");

            assertThatThrownBy(backups::take).isInstanceOf(IOException.class);

            assertThat(meters.get(BackupMetrics.DURATION).tag("outcome", "error").timer().count()).isEqualTo(1);
            assertThat(meters.get(BackupMetrics.LAST_SUCCESS).gauge().value())
                    .isEqualTo(before.takenAt().toEpochMilli() / 1000.0);
        });
    }

    @Test
    void a_node_that_cannot_take_backups_shows_no_backup_meters() {
        StoreBackups backups = new StoreBackups(null, null, null, dataDir, 0, meters);

        assertThatThrownBy(backups::take).isInstanceOf(DomainRejection.class);
        assertThat(meters.find(BackupMetrics.DURATION).meters()).isEmpty();
        assertThat(meters.find(BackupMetrics.LAST_SUCCESS).meters()).isEmpty();
    }

    private void onTheStore(StoreWork work) throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir.resolve("store")));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = MongoLedgerStorageEngine.builder()
                     .database(client.getDatabase("aftermath")).durabilityBarrier(server.durabilityBarrier())
                     .eventSerializer(LedgerSerializers.messages()).snapshotSerializer(LedgerSerializers.snapshots())
                     .build()) {
            work.run(server, engine, new LedgerVerifier(client.getDatabase("aftermath")));
        }
    }

    @FunctionalInterface
    private interface StoreWork {
        void run(EmbeddedMongoServer server, MongoLedgerStorageEngine engine, LedgerVerifier verifier) throws Exception;
    }
}
