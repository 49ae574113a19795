package io.aftermath.app.command.dispatch;

import static io.aftermath.app.command.dispatch.StoreOutageTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.FreezingProxy;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.Headers;

/**
 * Regression (tester 61): a write under way when the store went waited for the ledger's retries, which wait for
 * the store, so its client heard nothing for minutes. Now it is answered 503 once it has waited the read timeout
 * with the store out of sight, saying its outcome is not known yet; the write goes on, and its keyed retry once
 * the store is back finds it: every key a ticket, exactly once. The store freezes at a ledger append before it
 * goes, so an append is sure to be under way then: a store that only dies may first answer or refuse every write
 * in flight, and one frozen at any moment may catch every write in a read that fails it, leaving none with an
 * outcome to keep (a CI run: 8 writes caught, none kept; here, both cores busy: 2 caught, no append among them).
 */
class StoreOutageWritesTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** The read timeout, the node's look once a second or so, and room for a busy machine; far below minutes. */
    private static final Duration PROMPT = Duration.ofSeconds(15);
    private static final int WRITERS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writes_caught_by_an_outage_are_answered_and_their_keyed_retries_store_each_once() throws Exception {
        SeparateStore store = SeparateStore.onFile(dir.resolve("store"));
        FreezingProxy proxy = FreezingProxy.to(store.port());
        // The driver's look at a frozen store times out at the connect timeout, 10 s unless the URI says.
        List<String> arguments = AppNode.arguments("--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port()
                        + "/?connectTimeoutMS=" + READ_TIMEOUT.toMillis(),
                "--aftermath.mongo.read-timeout=" + READ_TIMEOUT.toSeconds() + "s");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (AppNode node = AppNode.start(dir.resolve("node"), arguments)) {
            WebTestClient client = node.client().mutate().responseTimeout(Duration.ofMinutes(5)).build();
            post(client, "/api/releases", Map.of("service", "checkout", "version", "7.0"), "release")
                    .expectStatus().isCreated();
            AtomicBoolean writing = new AtomicBoolean(true);
            Map<String, Integer> statuses = new ConcurrentHashMap<>();
            Set<String> slow = ConcurrentHashMap.newKeySet();
            Set<String> caught = ConcurrentHashMap.newKeySet();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                writers.execute(() -> {
                    for (int n = 0; writing.get(); n++) {
                        String key = "w" + id + "-" + n;
                        long start = System.nanoTime();
                        EntityExchangeResult<String> answer = post(client, "/api/tickets", ticket(key), key)
                                .expectBody(String.class).returnResult();
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        int status = answer.getStatus().value();
                        statuses.put(key, status);
                        if (status == 503 && answer.getResponseBody().contains("for a store out of sight")) {
                            caught.add(key);
                        }
                        if (took.compareTo(PROMPT) > 0) {
                            slow.add(key + ": " + status + " after " + took);
                        }
                    }
                });
            }
            await().atMost(PROMPT).until(() -> statuses.size() > 50);

            proxy.freezeAtCommand("insert", LedgerSchema.COMMITS);
            StoreSight sight = node.bean(StoreSight.class);
            await().atMost(PROMPT).until(() -> !sight.inSight());
            store.stop();
            proxy.cut();
            proxy.thaw();
            writing.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

            assertThat(slow).as("writes answered only once the ledger's retries ended").isEmpty();
            assertThat(statuses.values()).containsOnly(201, 503);
            assertThat(caught).as("writes under way when the store went, answered without their outcome").isNotEmpty();

            proxy.heal();
            store.restartSeenBy(node);
            Set<String> reported = new HashSet<>();
            Set<String> replayed = ConcurrentHashMap.newKeySet();
            for (String key : statuses.keySet()) {
                reported.add(await().atMost(Duration.ofSeconds(60)).until(() -> ticketOf(client, key, replayed),
                        id -> id != null));
            }
            assertThat(reported).as("one ticket per key").hasSize(statuses.size());
            // Before, the 503 sent for a caught write was taken for the run's own answer, and its 201 was not kept.
            assertThat(replayed).as("caught writes whose answer was kept for their key").containsAnyElementsOf(caught);
            assertThat(reportedInTheLog(client)).containsExactlyInAnyOrderElementsOf(reported);
        } finally {
            writers.shutdownNow();
            proxy.close();
            store.close();
        }
    }

    /** The key's ticket once its (re)sent write is 201, as run or replayed; null while still unknown. */
    private static String ticketOf(WebTestClient client, String key, Set<String> replayed) throws Exception {
        EntityExchangeResult<String> result = post(client, "/api/tickets", ticket(key), key)
                .expectBody(String.class).returnResult();
        if (result.getStatus().value() != 201) {
            return null;
        }
        if ("true".equals(result.getResponseHeaders().getFirst(Headers.IDEMPOTENT_REPLAYED))) {
            replayed.add(key);
        }
        return JSON.readTree(result.getResponseBody()).get("ticketId").asText();
    }

    private static List<String> reportedInTheLog(WebTestClient client) throws Exception {
        String export = client.get().uri("/api/events?limit=10000")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<String> tickets = new ArrayList<>();
        for (String line : export.split("\n")) {
            JsonNode event = JSON.readTree(line);
            if (event.get("type").asText().endsWith("TicketReported")) {
                tickets.add(event.get("stream").asText());
            }
        }
        return tickets;
    }

    private static Map<String, String> ticket(String key) {
        return Map.of("releaseId", "checkout@7.0", "title", "Card declined " + key,
                "description", "Payment refused for every card");
    }
}
