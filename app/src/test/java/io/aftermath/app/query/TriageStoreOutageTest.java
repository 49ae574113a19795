package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import reactor.test.StepVerifier;

/**
 * Regression: the triage queue is served from each node's memory, and with the store out of sight it went
 * on answering 200 as if current, while writes other nodes made could not reach it. It still answers (a
 * queue an incident can be worked from), now with X-Aftermath-Stale: true until the store is back; so does
 * search, from the node's own index. A read of MongoDB (a ticket, the log) is 503 at once: it waited out the
 * driver's 30 s server selection before, longer than this test's client waits.
 */
class TriageStoreOutageTest {

    /** Well below the driver's 30 s server selection, which a read of MongoDB waits out. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void the_queue_answers_from_memory_as_stale_while_the_store_is_out_of_sight() throws IOException {
        SeparateStore store = SeparateStore.onFile(dir.resolve("store"));
        // Longer than the client waits: a store read that waited for after out of sight would time the test out.
        List<String> arguments = AppNode.arguments("--aftermath.mongo.uri=" + store.uri(),
                "--aftermath.query.read-your-writes.timeout=60s");
        try (AppNode node = AppNode.start(dir.resolve("node"), arguments)) {
            WebTestClient client = node.client().mutate().responseTimeout(PROMPT).build();
            Api api = new Api(client);
            String ticket = api.reportTicket(api.registerRelease("checkout", "5.0"), "Card declined");
            await().atMost(PROMPT).untilAsserted(() -> assertThat(ticketIds(triage(client)
                    .expectHeader().doesNotExist("X-Aftermath-Stale"))).containsExactly(ticket));

            store.stopSeenBy(node);

            assertThat(ticketIds(triage(client).expectHeader().valueEquals("X-Aftermath-Stale", "true")))
                    .containsExactly(ticket);
            // A release without open tickets: the timelines cannot be asked (before, a 30 s wait and 503).
            String calm = "calm@1.0";
            client.get().uri("/api/triage?releaseId=" + calm)
                    .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("X-Aftermath-Stale", "true");
            // Checked before the store is needed (tester 56, 57): a malformed read is 400, not a 503 to retry.
            for (String malformed : List.of("/api/releases?limit=abc", "/api/events?from=-1",
                    "/api/releases/checkout@5.0/replay?at=x", "/api/releases/checkout@5.0/events?position=-1",
                    "/api/releases/nope/timeline?offset=-1", "/api/releases/nope/replay?at=x")) {
                client.get().uri(malformed).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                        .exchange().expectStatus().isBadRequest();
            }
            // A path no release could be named by names nothing: 404 at once (tester 58: 503 while out of sight).
            for (String nameless : List.of("/api/releases/nope", "/api/releases/nope/timeline",
                    "/api/releases/nope/timeline/stream", "/api/releases/a@b@c/replay", "/api/releases/a@b@c/events")) {
                client.get().uri(nameless).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                        .exchange().expectStatus().isNotFound()
                        .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
            }
            // Refused before any wait for after, which only delayed the same 503 (tester 59: 5 s).
            for (String storeBound : List.of("/api/tickets/" + ticket, "/api/events",
                    "/api/tickets/" + ticket + "?after=999999", "/api/releases/checkout@5.0/timeline?after=999999",
                    "/api/releases/checkout@5.0/timeline/stream?after=999999")) {
                client.get().uri(storeBound).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                        .exchange().expectStatus().isEqualTo(503)
                        .expectHeader().valueEquals("Retry-After", "5")
                        .expectBody().jsonPath("$.code").isEqualTo("STORE_UNAVAILABLE");
            }
            client.get().uri("/api/postmortems").headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                    .exchange().expectStatus().isOk().expectHeader().valueEquals("X-Aftermath-Stale", "true");
            // Before (tester 23): the stream's snapshot came 25 s late, its subscription queued behind the live
            // thread's reads of the store, and said nothing of being stale. The first such read may still be
            // waiting out its server selection when the driver gives up on the store: hence the retries.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                FluxExchangeResult<String> stream = client.get().uri("/api/triage/stream")
                        .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                        .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                        .expectStatus().isOk().expectHeader().valueEquals("X-Aftermath-Stale", "true")
                        .returnResult(String.class);
                StepVerifier.create(stream.getResponseBody())
                        .assertNext(snapshot -> assertThat(snapshot).contains("\"stale\":true", ticket))
                        .thenCancel().verify(PROMPT);
            });

            store.restartSeenBy(node);
            triage(client).expectHeader().doesNotExist("X-Aftermath-Stale");
        } finally {
            store.close();
        }
    }

    /**
     * Tester 12: health asked the moment the store died took 30 s. The driver still saw the server, so the
     * projections component read the tokens, and the driver retried that read through a full server selection.
     */
    @Test
    void health_asked_the_moment_the_store_dies_answers_down_promptly() throws IOException {
        try (SeparateStore store = SeparateStore.inMemory();
             AppNode node = AppNode.start(dir.resolve("node"), AppNode.arguments("--aftermath.mongo.uri=" + store.uri()))) {
            WebTestClient client = node.client().mutate().responseTimeout(PROMPT).build();
            client.get().uri("/actuator/health").exchange().expectStatus().isOk();
            assertThat(scrape(client)).contains("aftermath_store_reachable{application=\"aftermath\"} 1.0");

            store.stop();

            client.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.components.ledger.status").isEqualTo("DOWN");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(client))
                    .contains("aftermath_store_reachable{application=\"aftermath\"} 0.0"));
        }
    }

    private static String scrape(WebTestClient client) {
        return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static WebTestClient.ResponseSpec triage(WebTestClient client) {
        return client.get().uri("/api/triage")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private static List<String> ticketIds(WebTestClient.ResponseSpec response) {
        return response.expectBody(TriageQueue.class).returnResult().getResponseBody().items().stream()
                .map(TriageItem::ticketId).toList();
    }
}
