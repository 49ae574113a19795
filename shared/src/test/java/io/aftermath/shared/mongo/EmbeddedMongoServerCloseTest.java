package io.aftermath.shared.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/**
 * Regression: {@code close()} interrupted the periodic commit. An interrupted thread that writes to a
 * file channel makes Java close the channel, so H2 failed the commit, closed the store as broken and
 * the close threw: the last second's writes other than the journaled inserts were lost, and a refused
 * start logged the commit's stack trace. Caught here with the commit waiting behind a long insert,
 * as it waits behind any write.
 */
class EmbeddedMongoServerCloseTest {

    private static final int BATCH = 20_000;

    @TempDir
    Path dir;

    @Test
    void closing_while_a_periodic_commit_waits_for_a_write_closes_the_store_with_every_write() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir));
        AtomicInteger stored = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            writer.execute(() -> insertUntilClosed(things, stored));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                    .until(EmbeddedMongoServerCloseTest::commitWaitsForTheFence);
            server.close();
        } finally {
            writer.shutdown();
        }

        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir));
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("test").getCollection("things").countDocuments())
                    .as("every acknowledged insert").isGreaterThanOrEqualTo(stored.get());
        }
    }

    /** Batches long enough that the commit, which runs every second, comes to wait behind one. */
    private static void insertUntilClosed(MongoCollection<Document> things, AtomicInteger stored) {
        try {
            for (int batch = 0; ; batch++) {
                List<Document> documents = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    documents.add(new Document("_id", batch * BATCH + i).append("text", "x".repeat(64)));
                }
                things.insertMany(documents);
                stored.addAndGet(BATCH);
            }
        } catch (MongoException | IllegalStateException closed) {
            // The server went away: the point of the test.
        }
    }

    /** The commit, not the compaction: a compaction with nothing to rewrite writes nothing. */
    private static boolean commitWaitsForTheFence() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals("embedded-mongo-committer"))
                .map(thread -> Arrays.asList(thread.getValue()))
                .anyMatch(stack -> has(stack, "ReentrantReadWriteLock$WriteLock", "lock")
                        && has(stack, CommitFencedBackend.class.getName(), "commit"));
    }

    private static boolean has(List<StackTraceElement> stack, String type, String method) {
        return stack.stream().anyMatch(frame -> frame.getClassName().endsWith(type)
                && frame.getMethodName().equals(method));
    }
}
