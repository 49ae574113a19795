package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
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

import io.aftermath.shared.testing.EmbeddedMongo;

class ProjectionStoreDropTest {

    private final List<String> drops = new CopyOnWriteArrayList<>();
    private MongoClient client;
    private MongoDatabase database;
    private ProjectionStore store;

    @BeforeEach
    void connect() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("drop")) {
                    drops.add(event.getCommand().getString("drop").getValue());
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(listener).build());
        database = client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
        store = new ProjectionStore(database, new Generations(database), "things", List.of("widgets", "gadgets"));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void dropping_a_generation_drops_the_collections_it_has_and_asks_for_no_other() {
        String widgets = Generations.collectionName("widgets", 3);
        database.getCollection(widgets).insertOne(new Document("_id", "w"));

        store.drop(3);

        assertThat(drops).containsExactly(widgets);
        assertThat(database.listCollectionNames().into(new java.util.ArrayList<>())).doesNotContain(widgets);
    }

    @Test
    void dropping_a_generation_that_never_existed_sends_no_drop() {
        store.drop(7);

        assertThat(drops).isEmpty();
    }

    @Test
    void the_generations_present_are_read_from_the_collections_names() {
        for (int generation : List.of(0, 2, 3, 5)) {
            database.getCollection(Generations.collectionName("widgets", generation)).insertOne(new Document("_id", "w"));
        }
        database.getCollection(Generations.collectionName("gadgets", 7)).insertOne(new Document("_id", "g"));
        database.getCollection("widgets_gossip").insertOne(new Document("_id", "not a generation"));

        assertThat(store.generationsPresent()).containsExactlyInAnyOrder(0, 2, 3, 5, 7);
    }
}
