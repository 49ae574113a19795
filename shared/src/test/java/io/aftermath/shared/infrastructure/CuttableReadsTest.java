package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ClusterType;
import com.mongodb.event.ClusterDescriptionChangedEvent;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;
import io.aftermath.shared.mongo.StoreSight;

/**
 * Regression: when the store went while the query side's live thread was reading it, the driver retried the read
 * and waited out its server selection (30 s) for a store that was gone, while every stream's snapshot, update and
 * heartbeat queued behind it: a triage stream opened just then waited that long for its first event
 * (TriageStoreOutageTest failed about one run in five on it). A request's read so caught waited as long.
 */
class CuttableReadsTest {

    /** Far below the driver's 30 s server selection, which the retried read waited out before. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    /** The driver's view once a test has a client; before, the store a unit test pretends to see. */
    private volatile BooleanSupplier storeInSight = () -> true;
    private final CuttableReads reads = new CuttableReads(() -> storeInSight.getAsBoolean());
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    @Test
    void a_read_in_flight_when_the_store_goes_stops_waiting_for_it_at_once() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, 0, 0,
                false));
        try (MongoClient client = clientTellingTheReads(server)) {
            MongoCollection<Document> documents = client.getDatabase("reads").getCollection("documents");
            documents.insertOne(new Document("_id", 1));
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<RuntimeException> readsEnded = new CompletableFuture<>();
            thread.execute(() -> {
                try {
                    reads.run(() -> {
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
            assertThat(interruptedWhenNextAsked())
                    .as("the interrupt meant for the read reaches nothing after it").isFalse();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** A release's events are streamed as they are written to the client: each pull fetches from the store. */
    @Test
    void each_pull_of_a_stream_is_a_read_the_cut_reaches() throws Exception {
        CountDownLatch pulling = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Stream<Integer> slowStore = Stream.iterate(1, n -> {
            pulling.countDown();
            try {
                never.await();
            } catch (InterruptedException cut) {
                throw new IllegalStateException("cut", cut);
            }
            return n + 1;
        });
        Iterator<Integer> events = reads.each(slowStore).iterator();
        CompletableFuture<RuntimeException> pullEnded = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                events.next();
                events.next();
            } catch (RuntimeException failure) {
                pullEnded.complete(failure);
            }
        });
        assertThat(pulling.await(PROMPT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        reads.cutAll();

        assertThat(pullEnded.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).hasMessage("cut");
    }

    /** A stream's next batch, asked for by a slow client once the store is gone, is a read that begins cut. */
    @Test
    void a_pull_that_begins_once_the_store_is_gone_stops_waiting_for_it_at_once() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, 0, 0,
                false));
        try (MongoClient client = clientTellingTheReads(server)) {
            MongoCollection<Document> documents = client.getDatabase("reads").getCollection("documents");
            documents.insertOne(new Document("_id", 1));
            Iterator<Document> batches = reads.each(Stream.generate(() -> documents.find().first())).iterator();
            assertThat(thread.submit(batches::next).get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

            server.close();
            server = null;
            await().atMost(PROMPT)
                    .until(() -> !client.getClusterDescription().hasWritableServer());
            CompletableFuture<RuntimeException> pullEnded = new CompletableFuture<>();
            thread.execute(() -> {
                try {
                    batches.next();
                } catch (RuntimeException failure) {
                    pullEnded.complete(failure);
                }
            });

            assertThat(pullEnded.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void outside_a_read_a_thread_is_left_alone() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        thread.execute(() -> {
            reads.get(() -> "a read before the cut");
            cut.countDown();
            interrupted.complete(Thread.currentThread().isInterrupted());
        });
        cut.await();
        reads.cutAll();

        assertThat(interrupted.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    /** Tester 61: a read that checked for the store just before it went joined the readers just after the cut. */
    @Test
    void a_read_that_begins_once_the_store_is_gone_begins_cut() throws Exception {
        storeInSight = () -> false;
        reads.cutAll();
        CompletableFuture<Boolean> cutWhileReading = new CompletableFuture<>();
        thread.execute(() -> reads.run(() -> cutWhileReading.complete(Thread.currentThread().isInterrupted())));

        assertThat(cutWhileReading.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(interruptedWhenNextAsked()).isFalse();
    }

    /**
     * The driver tells of a change after making it: a read begun once the store was found, before the driver told
     * of it, was cut, the last thing told being the search's start (CuttableReadsTest, under load).
     */
    @Test
    void a_read_the_driver_s_view_can_answer_is_not_cut_for_what_it_told_before() throws Exception {
        ClusterDescription searching = new ClusterDescription(ClusterConnectionMode.SINGLE, ClusterType.UNKNOWN,
                List.of());
        reads.clusterDescriptionChanged(new ClusterDescriptionChangedEvent(new ClusterId(), searching, searching));
        CompletableFuture<Boolean> cutWhileReading = new CompletableFuture<>();
        thread.execute(() -> reads.run(() -> cutWhileReading.complete(Thread.currentThread().isInterrupted())));

        assertThat(cutWhileReading.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void an_interrupt_that_is_not_the_cut_is_kept() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        thread.execute(() -> {
            reads.run(() -> Thread.currentThread().interrupt());
            interrupted.complete(Thread.interrupted());
        });

        assertThat(interrupted.get(PROMPT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    private boolean interruptedWhenNextAsked() throws Exception {
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        thread.execute(() -> next.complete(Thread.currentThread().isInterrupted()));
        return next.get(PROMPT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A client whose view of the store the reads are told of and ask, looking for it often so a loss is seen soon. */
    private MongoClient clientTellingTheReads(EmbeddedMongoServer server) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(cluster -> cluster.addClusterListener(reads))
                .applyToServerSettings(monitor -> monitor.heartbeatFrequency(200, TimeUnit.MILLISECONDS))
                .build());
        storeInSight = new StoreSight(client)::inSight;
        return client;
    }
}
