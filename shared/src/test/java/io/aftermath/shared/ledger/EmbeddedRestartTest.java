package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.mongo.DataDirectoryException;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

class EmbeddedRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void a_reopened_file_holds_everything_and_positions_continue() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = LedgerTestSupport.engine(client.getDatabase("aftermath"),
                     server.durabilityBarrier())) {
            engine.appendEvents(events("a", 0, 3));
            engine.appendEvents(events("b", 0, 2));
        }
        assertThat(dataDir.resolve(EmbeddedMongoServer.STORE_FILE)).exists();

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = LedgerTestSupport.engine(client.getDatabase("aftermath"),
                     server.durabilityBarrier())) {
            assertThat(engine.localHead()).isEqualTo(5);
            engine.appendEvents(events("a", 3, 1));

            assertThat(engine.readEvents("a").asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(engine.readEvents(null, false)).hasSize(6);
            assertThat(new LedgerVerifier(client.getDatabase("aftermath")).verifyAll().intact()).isTrue();
        }
    }

    @Test
    void a_second_process_on_the_same_directory_is_refused_with_one_clear_line() {
        try (EmbeddedMongoServer first = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir))) {
            assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir)))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessageContaining("is locked by another running Aftermath process")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void a_store_file_that_cannot_be_opened_for_writing_is_refused_with_one_clear_line() throws Exception {
        Path store = Files.createDirectories(dataDir.resolve(EmbeddedMongoServer.STORE_FILE));

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir)))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessage("cannot write " + store.toAbsolutePath() + ": FileSystemException "
                        + store.toAbsolutePath() + ": Is a directory");

        // Refusing it released the directory: once the obstacle is gone, the store opens there.
        Files.delete(store);
        EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir)).close();
    }

    @Test
    void an_unwritable_directory_is_refused_with_one_clear_line() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(file.resolve("data"))))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("cannot create data directory")
                .hasMessageNotContaining("\n");
    }
}
