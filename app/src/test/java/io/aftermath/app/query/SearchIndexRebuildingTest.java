package io.aftermath.app.query;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.HeldSearchIndexing;
import io.aftermath.app.support.TestUsers;

/**
 * Regression: a node indexing the log from its start answered searches as if its index were complete, and
 * a search while it filled showed some of the post-mortems as all of them.
 */
class SearchIndexRebuildingTest {

    @TempDir
    Path dataDir;

    /** A restored backup holds no search index; the node builds one from the log. */
    @Test
    void searches_are_marked_rebuilding_until_the_index_has_caught_up_with_the_log_it_started_below()
            throws IOException {
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            importDocument(node.client(), "Ocelot cache stampede");
            importDocument(node.client(), "Lynx queue backlog");
        }
        delete(dataDir.resolve("search-index"));

        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS, HeldSearchIndexing.class)) {
            try {
                search(node.client()).expectHeader().valueEquals("X-Aftermath-Rebuilding", "true")
                        .expectBody().jsonPath("$.total").isEqualTo(0);
                admin(node.client()).get().uri("/api/admin/projections").exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$[?(@.name == 'postmortem-search')].state").isEqualTo("rebuilding");
                admin(node.client()).post().uri("/api/admin/projections/postmortem-search/rebuild").exchange()
                        .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("REBUILD_IN_PROGRESS");
            } finally {
                node.bean(HeldSearchIndexing.class).release();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> search(node.client())
                    .expectHeader().doesNotExist("X-Aftermath-Rebuilding")
                    .expectBody().jsonPath("$.total").isEqualTo(2));
        }
    }

    private static WebTestClient admin(WebTestClient client) {
        return client.mutate().defaultHeaders(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).build();
    }

    private static WebTestClient.ResponseSpec search(WebTestClient client) {
        return client.get().uri("/api/postmortems?q=ocelot OR lynx")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private static void importDocument(WebTestClient client, String title) {
        String document = "---\ntitle: " + title + "\ncompany: Acme\n---\nWhat happened to the " + title + ".\n";
        client.post().uri("/api/postmortems/import")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown")).bodyValue(document).exchange()
                .expectStatus().isOk();
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
