package io.aftermath.app.command.idempotency;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** Keys live in MongoDB beside the log, so a retry that reaches a restarted node is still recognised. */
class IdempotencyAcrossRestartTest {

    private static final String KEY = "register-checkout-3.1.0";
    private static final Map<String, String> RELEASE = Map.of("service", "checkout", "version", "3.1.0");

    @TempDir
    Path dataDir;

    @Test
    void a_retry_after_a_restart_gets_the_stored_response_and_appends_nothing() {
        EntityExchangeResult<byte[]> first;
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            first = register(node.client(), RELEASE).expectStatus().isCreated().expectBody().returnResult();
        }

        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            MongoLedgerStorageEngine ledger = restarted.bean(MongoLedgerStorageEngine.class);
            long head = ledger.head();

            EntityExchangeResult<byte[]> retry = register(restarted.client(), RELEASE)
                    .expectStatus().isCreated().expectBody().returnResult();

            assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
            assertThat(retry.getResponseHeaders().getFirst("X-Aftermath-Position"))
                    .isEqualTo(first.getResponseHeaders().getFirst("X-Aftermath-Position"));
            assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
            assertProblem(register(restarted.client(), Map.of("service", "checkout", "version", "3.1.1")),
                    422, "IDEMPOTENCY_KEY_REUSED");
            assertThat(ledger.head()).isEqualTo(head).isEqualTo(1);
        }
    }

    private static WebTestClient.ResponseSpec register(WebTestClient client, Map<String, String> body) {
        return client.post().uri("/api/releases")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .header("Idempotency-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
