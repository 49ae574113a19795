package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;
import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Before (tester 24): every engine wrote its head as the hint when it closed. A query node's head, read as
 * it started, lowered the writer's hint, and its stop waited out the driver's 30 s with the store gone.
 */
class HeadHintOnCloseTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();

    @Test
    void an_engine_that_never_appended_leaves_the_hint_as_the_writer_left_it() {
        MongoLedgerStorageEngine reader = LedgerTestSupport.engine(database);
        try (MongoLedgerStorageEngine writer = LedgerTestSupport.engine(database)) {
            writer.appendEvents(LedgerTestSupport.events("checkout", 0, 5));
        }
        long writersHint = hint();

        reader.close();

        assertThat(writersHint).isGreaterThan(0);
        assertThat(hint()).isEqualTo(writersHint);
    }

    @Test
    void an_engine_that_appended_records_where_it_stopped() {
        try (MongoLedgerStorageEngine writer = LedgerTestSupport.engine(database)) {
            writer.appendEvents(LedgerTestSupport.events("checkout", 0, 3));
            writer.appendEvents(LedgerTestSupport.events("payments", 0, 4));
        }

        assertThat(hint()).isEqualTo(7);
    }

    /** Tester 69: the store killed as the node stopped held the stop 30 s, then a WARN that the close failed. */
    @Test
    void a_writer_stopping_just_as_its_store_goes_does_not_wait_out_the_server_selection() {
        EmbeddedMongoServer store = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, 0, 0,
                false));
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.connectionString()))
                .applyToServerSettings(monitor -> monitor.heartbeatFrequency(200, TimeUnit.MILLISECONDS)).build())) {
            MongoLedgerStorageEngine writer = LedgerTestSupport.engine(client.getDatabase("ledger"));
            writer.appendEvents(LedgerTestSupport.events("checkout", 0, 3));
            store.close();
            // Seen gone, the store is waited for: a write on a connection it closed fails at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.getClusterDescription().hasWritableServer());

            assertTimeoutPreemptively(Duration.ofSeconds(10), writer::close,
                    "far below the driver's 30 s server selection");
        }
    }

    private long hint() {
        Document hint = database.getCollection(LedgerSchema.LEDGER_META)
                .find(Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID)).first();
        return hint == null ? 0 : hint.get(LedgerSchema.POSITION, Number.class).longValue();
    }
}
