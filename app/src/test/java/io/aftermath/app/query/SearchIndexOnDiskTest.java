package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.PostmortemHits;

/** On the H2 store the search index lives beside it, so a restart neither loses it nor reads the whole log again. */
class SearchIndexOnDiskTest {

    private static final String DOCUMENT = "---\ntitle: Ocelot cache stampede\ncompany: Acme\n---\n"
            + "The ocelot cache expired everywhere at once.\n";

    @TempDir
    Path dataDir;

    @Test
    void the_index_is_kept_under_the_data_directory_and_serves_after_a_restart() throws IOException {
        String position;
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            position = importDocument(node.client());
            assertFound(node.client(), position);
        }
        try (DirectoryReader stored = DirectoryReader.open(FSDirectory.open(dataDir.resolve("search-index/g0")))) {
            assertThat(stored.numDocs()).as("documents committed to the index on disk").isEqualTo(1);
        }

        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            assertFound(restarted.client(), position);
            assertReadWhole(restarted.client(), position);
        }
    }

    /**
     * An earlier version committed neither a format (its index lacks the unstemmed fields that prefixes
     * search) nor the store it was built from, so the index may be another log's: it is not served.
     */
    @Test
    void an_index_from_an_earlier_version_is_replaced_by_one_of_this_log_as_the_node_starts() throws IOException {
        Path index = dataDir.resolve("search-index");
        String position = importedThenCommittedWithout("format", "store");

        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            assertFound(restarted.client(), position, "ocelo*");
            assertThat(index.resolve("CURRENT")).as("no rebuild beside it: it was started afresh").doesNotExist();
        }
    }

    /** For the next change of format: this log's index in an earlier one serves while it is rebuilt. */
    @Test
    void an_index_of_this_log_in_an_earlier_format_is_rebuilt_as_the_node_starts() throws IOException {
        Path index = dataDir.resolve("search-index");
        String position = importedThenCommittedWithout("format");

        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(index.resolve("CURRENT"))
                    .as("the rebuilt generation is served").hasContent("1"));
            assertFound(restarted.client(), position, "ocelo*");
        }
    }

    private static String importDocument(WebTestClient client) {
        return client.post().uri("/api/postmortems/import")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown")).bodyValue(DOCUMENT).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst("X-Aftermath-Position");
    }

    /**
     * Imports the document on a node that then stops, and takes {@code keys} out of its index's commit, as
     * an earlier version would have written it; the import's position.
     */
    private String importedThenCommittedWithout(String... keys) throws IOException {
        String position;
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            position = importDocument(node.client());
        }
        commitWithout(dataDir.resolve("search-index/g0"), keys);
        return position;
    }

    private static void commitWithout(Path generation, String... keys) throws IOException {
        try (Directory directory = FSDirectory.open(generation);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Map<String, String> commitData = new HashMap<>();
            writer.getLiveCommitData().forEach(entry -> commitData.put(entry.getKey(), entry.getValue()));
            assertThat(commitData.keySet()).contains(keys);
            commitData.keySet().removeAll(List.of(keys));
            writer.setLiveCommitData(commitData.entrySet());
            writer.commit();
        }
    }

    /** The hit's whole text is kept with the index, so it too survives the restart. */
    private static void assertReadWhole(WebTestClient client, String position) {
        String id = client.get().uri("/api/postmortems?q=ocelot&after=" + position)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(PostmortemHits.class).returnResult().getResponseBody()
                .hits().get(0).id();
        client.get().uri("/api/postmortems/" + id + "?after=" + position)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.body").isEqualTo("The ocelot cache expired everywhere at once.")
                .jsonPath("$.actor").isEqualTo(TestUsers.RESPONDER);
    }

    private static void assertFound(WebTestClient client, String position) {
        assertFound(client, position, "ocelot");
    }

    private static void assertFound(WebTestClient client, String position, String q) {
        client.get().uri("/api/postmortems?q=" + q + "&after=" + position)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.hits[0].title").isEqualTo("Ocelot cache stampede");
    }
}
