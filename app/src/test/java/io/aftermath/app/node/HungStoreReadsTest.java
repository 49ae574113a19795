package io.aftermath.app.node;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.FreezingProxy;
import io.aftermath.app.support.TestUsers;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Tester 56: twenty reads of MongoDB caught by a store that hangs took every thread of Reactor's shared
 * pool, and triage, search and liveness, which need no store, waited 30-90 s behind them. Reads of MongoDB
 * have a pool of their own, and so have the claims of Idempotency-Keys: thirty of each caught here (more
 * than either pool's threads) leave the rest of the node answering.
 */
class HungStoreReadsTest {

    private static final int CAUGHT = 30;

    @TempDir
    Path dir;

    @Test
    void reads_caught_by_a_hanging_store_hold_neither_triage_nor_liveness() throws Exception {
        try (SeparateStore store = SeparateStore.inMemory(); FreezingProxy proxy = FreezingProxy.to(store.port())) {
            List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
            arguments.add("--aftermath.mongo.uri=mongodb://127.0.0.1:" + proxy.port());
            // The caught reads stay caught for the whole test.
            arguments.add("--aftermath.mongo.read-timeout=60s");
            try (AppNode node = AppNode.start(dir.resolve("node"), arguments)) {
                // Shorter than the read timeout: a read queued behind the caught ones fails this test.
                WebTestClient client = node.client().mutate().responseTimeout(Duration.ofSeconds(10)).build();
                Api api = new Api(client);
                String releaseId = api.registerRelease("checkout", "7.0");
                api.reportTicket(releaseId, "Card declined");
                // Known from the node's own queue, the release needs no store to be answered.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> triage(client, releaseId)
                        .expectBody().jsonPath("$.total").isEqualTo(1));

                proxy.freeze();
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < CAUGHT; i++) {
                    http.sendAsync(authorized(node, "/api/releases/" + releaseId).build(),
                            HttpResponse.BodyHandlers.ofString());
                    http.sendAsync(authorized(node, "/api/tickets").header("Idempotency-Key", "hung-" + i)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"releaseId\":\"" + releaseId
                                    + "\",\"title\":\"Caught " + i + "\",\"description\":\"By the hang\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                MeterRegistry meters = node.bean(MeterRegistry.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("http.server.requests.active")
                        .longTaskTimers().stream().mapToInt(LongTaskTimer::activeTasks).sum() >= 2 * CAUGHT);

                client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
                triage(client, releaseId);
                client.get().uri("/api/postmortems?q=card")
                        .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD)).exchange()
                        .expectStatus().isOk();
            }
        }
    }

    private static WebTestClient.ResponseSpec triage(WebTestClient client, String releaseId) {
        return client.get().uri("/api/triage?releaseId=" + releaseId)
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private static HttpRequest.Builder authorized(AppNode node, String path) {
        String basic = Base64.getEncoder().encodeToString((TestUsers.RESPONDER + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Authorization", "Basic " + basic);
    }
}
