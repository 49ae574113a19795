package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.ImmutableFile;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.mongo.EmbeddedMongoServer;

/**
 * A store file that can no longer be written (a full disk; here the immutable flag, whose EPERM H2 meets alike): H2
 * fails the commit and closes its store, and only a restart opens it again. A tester filling the disk saw the first
 * write answered 503 LEDGER_STOPPED and every later one 503 STORE_UNAVAILABLE "retry later" with H2's "This store is
 * closed", health showing that error instead of why, and the log flooded with the embedded server's and Axon's
 * stacks, ten a second.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreClosedAfterFailedWriteTest {

    private static final String REFUSED = "Operation not permitted";

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("rawtypes")
    void every_write_is_ledger_stopped_with_the_first_failure_and_the_log_stays_quiet(CapturedOutput output)
            throws Exception {
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            WebTestClient client = node.client();
            String release = release(client, "1.0").expectStatus().isCreated().expectBody(Map.class).returnResult()
                    .getResponseBody().get("releaseId").toString();

            try (ImmutableFile immutable = ImmutableFile.make(dataDir.resolve(EmbeddedMongoServer.STORE_FILE))) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/actuator/health")
                        .exchange().expectStatus().isEqualTo(503).expectBody()
                        .jsonPath("$.components.ledger.details.commit").isNotEmpty());
                int linesAtStop = lines(output);

                for (int i = 0; i < 5; i++) {
                    assertLedgerStopped(ticket(client, release, "report-" + i));
                    assertLedgerStopped(release(client, "2." + i));
                }
                client.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503).expectBody()
                        .jsonPath("$.components.ledger.status").isEqualTo("DOWN")
                        .jsonPath("$.components.ledger.details.appends").value(appends -> assertThat(
                                appends.toString()).contains("closed itself", REFUSED, "restart"))
                        .jsonPath("$.components.ledger.details.error").doesNotExist();
                // A read is answered from what H2 still holds in memory, or refused as the writes are.
                EntityExchangeResult<Map> read = client.get().uri("/api/releases/" + release)
                        .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                        .expectBody(Map.class).returnResult();
                if (read.getStatus().value() != 200) {
                    assertThat(read.getStatus().value()).isEqualTo(503);
                    assertThat(read.getResponseBody().get("code")).isEqualTo("LEDGER_STOPPED");
                }
                // Before, the embedded server and Axon's event producer logged a stack each every 100 ms.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> lines(output) - linesAtStop < 80);
                assertThat(output.getOut()).doesNotContain("Unknown error!");
                assertThat(output.getOut().lines().filter(line -> line.contains(" ERROR ")
                                && !line.contains("ExchangeResult"))) // this test's own, while it awaited health
                        .as("ERROR lines").singleElement().asString().contains("closed itself", REFUSED);
            }
        }
    }

    private static void assertLedgerStopped(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503).expectBody()
                .jsonPath("$.code").isEqualTo("LEDGER_STOPPED")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains(REFUSED));
    }

    private static WebTestClient.ResponseSpec release(WebTestClient client, String version) {
        return client.post().uri("/api/releases").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .bodyValue(Map.of("service", "checkout", "version", version)).exchange();
    }

    /** With a key, whose claim is a write to the store too. */
    private static WebTestClient.ResponseSpec ticket(WebTestClient client, String release, String key) {
        return client.post().uri("/api/tickets").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("releaseId", release, "title", "Checkout fails after the deploy",
                        "description", "Seen by many")).exchange();
    }

    private static int lines(CapturedOutput output) {
        return output.getOut().split("\n", -1).length;
    }
}
