package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * Regression: when the store went while the live thread was reading it, the driver retried the read and waited
 * out its server selection (30 s) for a store that was gone, while every stream's snapshot, update and
 * heartbeat queued behind it: a triage stream opened just then waited that long for its first event.
 */
class LiveStoreWatchTest {

    /** Far below the driver's 30 s server selection, which the retried read waited out before. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @Test
    void a_read_in_flight_when_the_store_goes_frees_the_live_thread_at_once() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, 0, 0,
                false));
        LiveExecutor live = new LiveExecutor();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(cluster -> cluster.addClusterListener(new LiveStoreWatch(live)))
                .build())) {
            MongoCollection<Document> documents = client.getDatabase("live").getCollection("documents");
            documents.insertOne(new Document("_id", 1));
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<RuntimeException> readsEnded = new CompletableFuture<>();
            live.execute(() -> {
                try {
                    live.readingStore(() -> {
                        while (true) {
                            documents.find().first();
                            reading.countDown();
                        }
                    });
                } catch (RuntimeException failure) {
                    readsEnded.complete(failure);
                }
            });
            assertThat(reading.await(PROMPT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            server.close();
            server = null;

            assertThat(readsEnded.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            CompletableFuture<Boolean> next = new CompletableFuture<>();
            live.execute(() -> next.complete(Thread.currentThread().isInterrupted()));
            assertThat(next.get(PROMPT.toSeconds(), TimeUnit.SECONDS))
                    .as("the interrupt meant for the read reaches nothing after it").isFalse();
        } finally {
            live.destroy();
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void outside_a_read_of_the_store_the_live_thread_is_left_alone() throws Exception {
        LiveExecutor live = new LiveExecutor();
        try {
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            live.execute(() -> {
                live.storeLost();
                interrupted.complete(Thread.currentThread().isInterrupted());
            });
            assertThat(interrupted.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isFalse();
        } finally {
            live.destroy();
        }
    }
}
