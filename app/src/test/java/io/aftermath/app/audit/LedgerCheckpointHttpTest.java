package io.aftermath.app.audit;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;

/**
 * Before, only backups published checkpoints, and a node on a MongoDB of its own takes none. Here the
 * query node runs on the command node's store as on any MongoDB, and keeps checkpoints of the log
 * in a directory of the operator's choosing.
 */
class LedgerCheckpointHttpTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void a_node_on_a_mongodb_of_its_own_keeps_checkpoints_that_later_expose_a_rewrite() throws IOException {
        Path kept = dir.resolve("kept-elsewhere");
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"));
             AppNode query = AppNode.start(dir.resolve("query"), AppNode.arguments("--aftermath.roles=query",
                     "--aftermath.mongo.uri=mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client()),
                     "--aftermath.checkpoint.dir=" + kept, "--aftermath.checkpoint.interval=1h"))) {
            Api api = new Api(command.client());
            api.reportTicket(api.registerRelease("checkpoint", "1.0.0"), "Checkout times out after the upgrade");
            assertProblem(checkpoint(query.client(), TestUsers.AUDITOR), 403, "FORBIDDEN");
            info(query.client()).jsonPath("$.checkpoint").doesNotExist();

            Map<String, Object> taken = checkpoint(query.client(), TestUsers.ADMIN).expectStatus().isCreated()
                    .expectBody(JSON).returnResult().getResponseBody();

            assertThat(taken).containsEntry("head", 2).containsEntry("intact", true).containsEntry("firstBrokenLink", null);
            Map<String, Object> checkpoint = (Map<String, Object>) taken.get("checkpoint");
            assertThat(checkpoint).containsEntry("position", 2);
            String digest = (String) checkpoint.get("digest");
            assertThat(Files.readString(single(records(kept)))).contains(digest);
            info(query.client()).jsonPath("$.checkpoint.newest.checkpoint.digest").isEqualTo(digest);
            verify(query.client(), 2, digest).jsonPath("$.intact").isEqualTo(true);

            rewriteTheFirstEvent(AppNode.embeddedPort(command.client()));

            // The chain names the rewritten event before the checkpoint's digest is compared.
            verify(query.client(), 2, digest).jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.firstBrokenLink.position").isEqualTo(0);
            checkpoint(query.client(), TestUsers.ADMIN).expectStatus().isCreated().expectBody()
                    .jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.checkpoint").isEmpty()
                    .jsonPath("$.firstBrokenLink.position").isEqualTo(0);
            assertThat(records(kept)).hasSize(2);
            query.client().get().uri("/actuator/prometheus").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                    .exchange().expectStatus().isOk().expectBody(String.class)
                    .value(metrics -> assertThat(metrics)
                            .containsPattern("aftermath_checkpoint_seconds_count\\{[^}]*outcome=\"intact\"[^}]*} 1\\b")
                            .containsPattern("aftermath_checkpoint_seconds_count\\{[^}]*outcome=\"broken\"[^}]*} 1\\b")
                            .contains("aftermath_checkpoint_last_intact_timestamp_seconds"));
        }
    }

    /** As whoever can write to the store may: the payload changed, the chain's hashes left as they were. */
    private static void rewriteTheFirstEvent(int port) {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            client.getDatabase("aftermath").getCollection(LedgerSchema.COMMITS)
                    .updateOne(Filters.eq("_id", 0L), Updates.set("events.0.payload.version", "9.9.9"));
        }
    }

    private static WebTestClient.ResponseSpec checkpoint(WebTestClient client, String user) {
        return client.post().uri("/api/admin/checkpoint").headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .exchange();
    }

    private static WebTestClient.BodyContentSpec info(WebTestClient client) {
        return client.get().uri("/actuator/info").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk().expectBody();
    }

    private static WebTestClient.BodyContentSpec verify(WebTestClient client, long position, String digest) {
        return client.get().uri("/api/audit/verify?position=" + position + "&digest=" + digest)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody();
    }

    private static List<Path> records(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().matches("checkpoint-.*\\.json")).toList();
        }
    }

    private static Path single(List<Path> paths) {
        assertThat(paths).hasSize(1);
        return paths.get(0);
    }
}
