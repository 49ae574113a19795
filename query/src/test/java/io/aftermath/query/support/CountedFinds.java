package io.aftermath.query.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.shared.testing.EmbeddedMongo;

/** A fresh database on the embedded server, through a client of its own that counts its {@code find}s by collection. */
public final class CountedFinds implements AutoCloseable {

    private final Map<String, AtomicInteger> finds = new ConcurrentHashMap<>();
    private final MongoClient client;
    private final MongoDatabase database;

    public CountedFinds() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    finds.computeIfAbsent(event.getCommand().getString("find").getValue(), c -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(listener).build());
        database = client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
    }

    public MongoDatabase database() {
        return database;
    }

    /** The finds sent to the collection since the last {@link #reset}. */
    public int of(String collection) {
        AtomicInteger count = finds.get(collection);
        return count == null ? 0 : count.get();
    }

    public void reset() {
        finds.clear();
    }

    @Override
    public void close() {
        client.close();
    }
}
