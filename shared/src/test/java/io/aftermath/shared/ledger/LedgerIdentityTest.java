package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;

import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class LedgerIdentityTest {

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();

    @Test
    void a_database_keeps_the_identity_its_first_start_drew_and_another_database_has_its_own() {
        LedgerIdentity first;
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database)) {
            first = engine.identity();
            engine.appendEvents(events("a", 0, 2));
        }
        try (MongoLedgerStorageEngine restarted = LedgerTestSupport.engine(database);
             MongoLedgerStorageEngine elsewhere = LedgerTestSupport.engine(EmbeddedMongo.freshDatabase())) {
            assertThat(restarted.identity()).isEqualTo(first);
            assertThat(elsewhere.identity().id()).isNotEqualTo(first.id());
        }
    }

    @Test
    void a_store_an_earlier_version_wrote_gets_its_identity_at_its_first_start_and_keeps_its_log() {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database)) {
            engine.appendEvents(events("a", 0, 3));
        }
        meta().deleteOne(Filters.eq(LedgerSchema.ID, LedgerSchema.STORE_IDENTITY_ID));
        MutableClock clock = new MutableClock(Instant.parse("2025-11-03T09:00:00.123456Z"));

        try (MongoLedgerStorageEngine upgraded = LedgerTestSupport.builder(database, LedgerSettings.defaults())
                .clock(clock).build()) {
            assertThat(upgraded.identity().id()).isNotBlank();
            assertThat(upgraded.identity().createdAt()).isEqualTo(Instant.parse("2025-11-03T09:00:00.123Z"));
            assertThat(upgraded.head()).isEqualTo(3);
        }
    }

    /** Another node inserts between this node's read (nothing yet) and its own insert. */
    @Test
    void a_node_that_loses_the_race_to_draw_the_identity_takes_the_winners() {
        BsonDocument winner = new BsonDocument(LedgerSchema.ID, new BsonString(LedgerSchema.STORE_IDENTITY_ID))
                .append(LedgerSchema.STORE_ID, new BsonString("the-winner"))
                .append(LedgerSchema.CREATED_AT, new BsonDateTime(Instant.parse("2025-11-03T09:00:00Z").toEpochMilli()));
        AtomicBoolean raced = new AtomicBoolean();
        CommandListener otherNode = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent succeeded) {
                if (succeeded.getCommandName().equals("find") && raced.compareAndSet(false, true)) {
                    meta().insertOne(winner);
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(otherNode).build())) {
            MongoCollection<BsonDocument> seenByLoser = client.getDatabase(database.getName())
                    .getCollection(LedgerSchema.LEDGER_META, BsonDocument.class);

            LedgerIdentity taken = StoreIdentity.ensure(seenByLoser, Clock.systemUTC());

            assertThat(raced).isTrue();
            assertThat(taken).isEqualTo(new LedgerIdentity("the-winner", Instant.parse("2025-11-03T09:00:00Z")));
        }
    }

    private MongoCollection<BsonDocument> meta() {
        return database.getCollection(LedgerSchema.LEDGER_META, BsonDocument.class);
    }

}
