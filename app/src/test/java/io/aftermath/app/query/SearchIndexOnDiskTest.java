package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;

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
            position = node.client().post().uri("/api/postmortems/import")
                    .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                    .contentType(MediaType.parseMediaType("text/markdown")).bodyValue(DOCUMENT).exchange()
                    .expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                    .getFirst("X-Aftermath-Position");
            assertFound(node.client(), position);
        }
        try (DirectoryReader stored = DirectoryReader.open(FSDirectory.open(dataDir.resolve("search-index/g0")))) {
            assertThat(stored.numDocs()).as("documents committed to the index on disk").isEqualTo(1);
        }

        try (AppNode restarted = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            assertFound(restarted.client(), position);
        }
    }

    private static void assertFound(WebTestClient client, String position) {
        client.get().uri("/api/postmortems?q=ocelot&after=" + position)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.hits[0].title").isEqualTo("Ocelot cache stampede");
    }
}
