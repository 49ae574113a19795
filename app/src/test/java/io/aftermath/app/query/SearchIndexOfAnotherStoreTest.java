package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;

/**
 * Regression: someone tried Aftermath on the embedded store, then pointed it at a MongoDB keeping the
 * data directory, and the search index there went on answering with the first store's post-mortems,
 * while its position made the node skip the new store's events below it. Here the second node has a
 * data directory (so a store) of its own and is given the first one's index directory.
 */
class SearchIndexOfAnotherStoreTest {

    @TempDir
    Path dataDirs;

    @Test
    void a_node_on_another_store_does_not_serve_the_index_it_finds_and_indexes_its_own_log() {
        Path first = dataDirs.resolve("first");
        String firstStore;
        try (AppNode node = AppNode.start(first, AppNode.TEST_USERS)) {
            importDocument(node.client(), "Ocelot cache stampede");
            String position = importDocument(node.client(), "Lynx queue backlog");
            assertTitles(node.client(), "ocelot OR lynx", position, "Ocelot cache stampede", "Lynx queue backlog");
            firstStore = storeId(node.client());
        }

        try (AppNode node = AppNode.start(dataDirs.resolve("second"), AppNode.arguments(
                "--aftermath.query.search.directory=" + first.resolve("search-index")))) {
            assertThat(storeId(node.client())).isNotEqualTo(firstStore);
            importDocument(node.client(), "Pangolin certificate expiry");
            importDocument(node.client(), "Quokka DNS outage");
            String position = importDocument(node.client(), "Wombat disk full");

            assertTitles(node.client(), "pangolin OR quokka OR wombat OR ocelot OR lynx", position,
                    "Pangolin certificate expiry", "Quokka DNS outage", "Wombat disk full");
        }
    }

    private static String importDocument(WebTestClient client, String title) {
        String document = "---\ntitle: " + title + "\ncompany: Acme\n---\nWhat happened to the " + title + ".\n";
        return client.post().uri("/api/postmortems/import")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown")).bodyValue(document).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst("X-Aftermath-Position");
    }

    private static void assertTitles(WebTestClient client, String q, String position, String... titles) {
        List<String> found = client.get().uri("/api/postmortems?q=" + q + "&after=" + position)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody(PostmortemHits.class).returnResult().getResponseBody().hits().stream()
                .map(PostmortemHit::title).toList();
        assertThat(found).containsExactlyInAnyOrder(titles);
    }

    @SuppressWarnings("rawtypes")
    private static String storeId(WebTestClient client) {
        Map<?, ?> health = client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> ledger = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("ledger");
        return (String) ((Map<?, ?>) ledger.get("details")).get("storeId");
    }
}
