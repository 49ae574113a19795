package io.aftermath.app;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.ImmutableFile;
import io.aftermath.shared.mongo.EmbeddedMongoServer;

/**
 * A store file that stops taking writes while the node runs: the store's next commit fails (some
 * write is always waiting for one: processors record their positions every second), H2 closes the
 * store, and every write fails from then on. Health must say so; before, the ledger stayed UP and
 * only the log said, once a second, that nothing reached the file any more.
 */
class StoreCommitHealthTest {

    @TempDir
    Path dataDir;

    @Test
    void a_store_file_that_can_no_longer_be_written_turns_the_ledger_down() throws Exception {
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            WebTestClient client = node.client();
            // The disk the store fills, not the working directory's (which the check watched before).
            client.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.diskSpace.details.path").isEqualTo(dataDir.toAbsolutePath().toString())
                    .jsonPath("$.components.diskSpace.details.threshold").isEqualTo(100 * 1024 * 1024);

            try (ImmutableFile immutable = ImmutableFile.make(dataDir.resolve(EmbeddedMongoServer.STORE_FILE))) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/actuator/health")
                        .exchange().expectStatus().isEqualTo(503)
                        .expectBody()
                        .jsonPath("$.components.ledger.status").isEqualTo("DOWN")
                        .jsonPath("$.components.ledger.details.commit").isNotEmpty());
            }
        }

        // The failed store let go of its directory, and once the file takes writes again it opens.
        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            restarted.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
        }
    }
}
