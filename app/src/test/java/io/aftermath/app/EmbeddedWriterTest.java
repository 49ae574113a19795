package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.node.StartRefusedException;

/**
 * The embedded store takes writes from the node hosting it only. A second command node on it was let
 * start, and under concurrent writes the host acknowledged two commits that overlapped the other
 * node's and were never read again (an exploratory run: 201, then 404, and the audit failed).
 */
class EmbeddedWriterTest {

    @TempDir
    Path dir;

    private static WebTestClient.BodyContentSpec nodeInfo(AppNode node) {
        return node.client().get().uri("/actuator/info")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody();
    }

    @Test
    void a_command_node_on_another_nodes_embedded_store_is_refused_a_query_node_is_not() {
        try (AppNode host = AppNode.start(dir.resolve("host"), AppNode.arguments())) {
            String uri = "mongodb://localhost:" + AppNode.embeddedPort(host.client());

            assertThatThrownBy(() -> AppNode.start(dir.resolve("second"), AppNode.arguments(
                    "--aftermath.roles=command", "--aftermath.mongo.uri=" + uri)))
                    .hasRootCauseInstanceOf(StartRefusedException.class)
                    .rootCause().hasMessageContaining("embedded store of another node");
            // Before (tester 23): another database name hid the host's claim, and the node started.
            assertThatThrownBy(() -> AppNode.start(dir.resolve("elsewhere"), AppNode.arguments(
                    "--aftermath.roles=command", "--aftermath.mongo.uri=" + uri, "--aftermath.mongo.database=other")))
                    .hasRootCauseInstanceOf(StartRefusedException.class)
                    .rootCause().hasMessageContaining("embedded store of another node");

            try (AppNode reader = AppNode.start(dir.resolve("reader"), AppNode.arguments(
                    "--aftermath.roles=query", "--aftermath.mongo.uri=" + uri, "--aftermath.node-id=reader-1"))) {
                // Before (tester 23): nothing told an operator which roles a node runs.
                nodeInfo(reader).jsonPath("$.node.roles").isEqualTo(List.of("query"))
                        .jsonPath("$.node.nodeId").isEqualTo("reader-1");
                nodeInfo(host).jsonPath("$.node.roles").isEqualTo(List.of("command", "query"));
            }
        }
    }
}
