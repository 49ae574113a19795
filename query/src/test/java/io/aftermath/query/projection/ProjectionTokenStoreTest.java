package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class ProjectionTokenStoreTest {

    private static final String PROCESSOR = "triage";

    private final List<String> commands = new CopyOnWriteArrayList<>();
    private MongoClient client;
    private MongoDatabase database;
    private LedgerTokenStore ledgerTokens;

    @BeforeEach
    void connect() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(listener).build());
        database = client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
        ledgerTokens = new LedgerTokenStore(database, LedgerSerializers.messages(), "node-a", Duration.ofSeconds(10),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        ledgerTokens.initializeTokenSegments(PROCESSOR, 1);
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * A processor stores its token after every batch, about one event each at a live rate: the token and the
     * checkpoint other nodes read were two writes, a fenced update and a checkpoint upsert.
     */
    @Test
    void a_stored_token_and_its_checkpoint_are_one_write() {
        ProjectionTokenStore tokens = new ProjectionTokenStore(ledgerTokens);
        tokens.fetchToken(PROCESSOR, 0);
        commands.clear();

        tokens.storeToken(new GlobalSequenceTrackingToken(41), PROCESSOR, 0);

        assertThat(commands).containsExactly("update");
        assertThat(new Checkpoints(database).read(PROCESSOR, 0)).hasValue(42);
    }
}
