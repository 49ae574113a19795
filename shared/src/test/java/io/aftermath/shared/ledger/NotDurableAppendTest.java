package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * A store that can no longer make writes durable (its journal failed) answers every caller of the
 * batch it was writing, as stored but not durable, and refuses every append after it; no caller is
 * left waiting. The first commit's insert is held so that the next two share a batch.
 */
class NotDurableAppendTest {

    private final HeldInsert heldFirst = new HeldInsert();
    private final HeldInsert heldPair = new HeldInsert();
    private final AtomicBoolean journalFailed = new AtomicBoolean();
    private MongoClient client;
    private MongoLedgerStorageEngine engine;

    @BeforeEach
    void setUp() {
        String database = EmbeddedMongo.freshDatabase().getName();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(heldFirst).addCommandListener(heldPair).build());
        engine = LedgerTestSupport.soleWriter(client.getDatabase(database), () -> {
            if (journalFailed.get()) {
                throw new IllegalStateException("The embedded store's journal failed; writes are not durable");
            }
        });
    }

    @AfterEach
    void tearDown() {
        heldPair.letGo();
        heldFirst.letGo();
        engine.close();
        client.close();
    }

    @Test
    void every_caller_of_the_batch_hears_its_commit_is_not_durable_and_appends_stop() throws Exception {
        heldFirst.hold("\"a#0\"");
        AppendingThread a = AppendingThread.start(engine, events("a", 0, 1));
        heldFirst.awaitHeld();
        heldPair.hold("\"b#0\"");
        AppendingThread b = AppendingThread.start(engine, events("b", 0, 1)).awaitQueued();
        AppendingThread c = AppendingThread.start(engine, events("c", 0, 1));
        heldPair.awaitHeld();
        journalFailed.set(true);

        heldPair.letGo();
        heldFirst.letGo();

        for (AppendingThread appending : new AppendingThread[] {a, b, c}) {
            assertThatThrownBy(() -> appending.appended().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("Stored but not durable").hasMessageContaining("journal failed");
        }
        journalFailed.set(false);
        assertThatThrownBy(() -> engine.appendEvents(events("d", 0, 1))).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("Appends stopped");
        assertThat(engine.readEvents("d", 0).asStream()).isEmpty();
    }
}
