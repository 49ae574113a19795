package io.aftermath.app.command.dispatch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.SeparateStore;
import io.aftermath.app.support.TestUsers;

/**
 * A node on a shared store that goes away: writes are refused at once, certain that nothing was
 * written and with the Idempotency-Key left free, and the same keyed write succeeds once the store is
 * back. Before, a write waited out the driver's server selection (30 s) and the ledger's retries.
 */
class StoreOutageTest {

    /** Well below the driver's 30 s server selection, which a write waited out before it was refused. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_write_while_no_store_is_in_sight_is_refused_at_once_and_its_key_works_once_the_store_is_back()
            throws IOException {
        SeparateStore store = SeparateStore.onFile(dir.resolve("store"));
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.mongo.uri=" + store.uri());
        try (AppNode node = AppNode.start(dir.resolve("node"), arguments)) {
            WebTestClient client = node.client().mutate().responseTimeout(PROMPT).build();
            String release = (String) post(client, "/api/releases", Map.of("service", "checkout", "version", "5.0"),
                    "release-1").expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                    .get("releaseId");
            Map<String, String> ticket = Map.of("releaseId", release, "title", "Card declined",
                    "description", "Payment refused for every card");

            store.stopSeenBy(node);

            post(client, "/api/tickets", ticket, "ticket-1")
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.code").isEqualTo("STORE_UNAVAILABLE");

            store.restartSeenBy(node);
            post(client, "/api/tickets", ticket, "ticket-1").expectStatus().isCreated();
            post(client, "/api/tickets", ticket, "ticket-1").expectStatus().isCreated()
                    .expectHeader().valueEquals("Idempotent-Replayed", "true");
        } finally {
            store.close();
        }
    }

    /** A keyed write as ADMIN; the store outage tests of this package send theirs so. */
    static WebTestClient.ResponseSpec post(WebTestClient client, String path, Map<String, String> body, String key) {
        return client.post().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }
}
