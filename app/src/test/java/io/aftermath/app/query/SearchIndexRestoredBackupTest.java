package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.HeldSearchIndexing;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;

/**
 * Regression: an older backup was restored under a search index and written past the index's position.
 * Same store, within the log's head: the index was served, showing post-mortems the log no longer held
 * and skipping those written since below its position. Its last commit names an event the log does not
 * hold there, so it is started afresh, and searches say it is rebuilding until it has caught up.
 */
class SearchIndexRestoredBackupTest {

    private static final String EVERY_TITLE = "ocelot OR lynx OR caracal OR pangolin OR quokka OR wombat";

    @TempDir
    Path original;

    @TempDir
    Path restored;

    @Test
    void an_index_of_events_the_restored_log_no_longer_holds_is_not_served() throws IOException {
        Path backup;
        try (AppNode node = AppNode.start(original, AppNode.TEST_USERS)) {
            importDocument(node.client(), "Ocelot cache stampede");
            backup = Path.of((String) node.client().post().uri("/api/admin/backup")
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isCreated().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                    }).returnResult().getResponseBody().get("file"));
            importDocument(node.client(), "Lynx queue backlog");
            String position = importDocument(node.client(), "Caracal disk full");
            assertThat(titles(search(node.client(), position))).hasSize(3);
        }

        unzip(backup, restored);
        try (AppNode node = AppNode.start(restored, AppNode.TEST_USERS)) {
            importDocument(node.client(), "Pangolin certificate expiry");
            importDocument(node.client(), "Quokka DNS outage");
            importDocument(node.client(), "Wombat disk full");
        }

        try (AppNode node = AppNode.start(restored, AppNode.arguments(
                "--aftermath.query.search.directory=" + original.resolve("search-index")), HeldSearchIndexing.class)) {
            try {
                search(node.client(), "0").expectHeader().valueEquals("X-Aftermath-Rebuilding", "true");
            } finally {
                node.bean(HeldSearchIndexing.class).release();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(titles(
                    search(node.client(), "0").expectHeader().doesNotExist("X-Aftermath-Rebuilding")))
                    .containsExactlyInAnyOrder("Ocelot cache stampede", "Pangolin certificate expiry",
                            "Quokka DNS outage", "Wombat disk full"));
        }
    }

    private static WebTestClient.ResponseSpec search(WebTestClient client, String after) {
        return client.get().uri("/api/postmortems?q=" + EVERY_TITLE + "&after=" + after)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private static List<String> titles(WebTestClient.ResponseSpec response) {
        return response.expectBody(PostmortemHits.class).returnResult().getResponseBody().hits().stream()
                .map(PostmortemHit::title).toList();
    }

    private static String importDocument(WebTestClient client, String title) {
        String document = "---\ntitle: " + title + "\ncompany: Acme\n---\nWhat happened to the " + title + ".\n";
        return client.post().uri("/api/postmortems/import")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown")).bodyValue(document).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst("X-Aftermath-Position");
    }

    /** The backup's one entry, the store file, into the empty data directory. */
    private static void unzip(Path zip, Path directory) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            Files.copy(entries, directory.resolve(entries.getNextEntry().getName()));
        }
    }
}
