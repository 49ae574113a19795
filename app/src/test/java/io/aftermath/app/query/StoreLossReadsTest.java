package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.TestUsers;

/**
 * Regression: a read of the store under way when the store went was retried by the driver, and the retry waited
 * out the 30 s server selection for a store that was gone before its 503. Now it stops waiting the moment the
 * driver sees the store gone.
 */
class StoreLossReadsTest {

    /** Far below the driver's 30 s server selection. */
    private static final Duration PROMPT = Duration.ofSeconds(10);
    private static final int READERS = 8;

    @TempDir
    Path dir;

    @Test
    void reads_under_way_when_the_store_goes_are_answered_promptly() throws Exception {
        SeparateStore store = SeparateStore.inMemory();
        List<String> arguments = AppNode.arguments("--aftermath.mongo.uri=" + store.uri());
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try (AppNode node = AppNode.start(dir.resolve("node"), arguments)) {
            WebTestClient client = node.client().mutate().responseTimeout(Duration.ofSeconds(60)).build();
            Api api = new Api(client);
            String ticket = api.reportTicket(api.registerRelease("checkout", "6.0"), "Card declined");
            String path = "/api/tickets/" + ticket;
            await().atMost(PROMPT).until(() -> client.get().uri(path)
                    .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                    .exchange().returnResult(String.class).getStatus().value() == 200);
            AtomicBoolean reading = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            for (int reader = 0; reader < READERS; reader++) {
                readers.execute(() -> {
                    while (reading.get()) {
                        long start = System.nanoTime();
                        int status = client.get().uri(path)
                                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                                .exchange().returnResult(String.class).getStatus().value();
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        statuses.add(status);
                        if (took.compareTo(PROMPT) > 0) {
                            slow.add(status + " after " + took);
                        }
                    }
                });
            }
            await().atMost(PROMPT).until(() -> statuses.size() > 100);

            store.stopSeenBy(node);
            reading.set(false);
            readers.shutdown();

            assertThat(readers.awaitTermination(45, TimeUnit.SECONDS)).isTrue();
            assertThat(slow).as("reads answered only after the driver's server selection").isEmpty();
            assertThat(statuses).containsOnly(200, 503).contains(503);
        } finally {
            readers.shutdownNow();
            store.close();
        }
    }
}
