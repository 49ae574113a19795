package io.aftermath.shared.testing;

import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * One in-memory MongoDB server per test JVM on a random port; every caller gets a fresh database, so
 * tests never see each other's data and need no cleanup.
 */
public final class EmbeddedMongo {

    private static EmbeddedMongoServer server;
    private static MongoClient client;

    private EmbeddedMongo() {
    }

    public static synchronized String connectionString() {
        if (server == null) {
            server = EmbeddedMongoServer.start(EmbeddedMongoSettings.inMemory());
            client = MongoClients.create(server.connectionString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                server.close();
            }));
        }
        return server.connectionString();
    }

    public static synchronized MongoClient client() {
        connectionString();
        return client;
    }

    public static MongoDatabase freshDatabase() {
        return client().getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
    }
}
