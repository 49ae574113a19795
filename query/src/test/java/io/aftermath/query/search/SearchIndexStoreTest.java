package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;

/**
 * Regression: the index directory outlived a change of store (embedded, then a MongoDB URI, with the same
 * data directory), and searches answered with the first store's lessons while the position in the index
 * made the processor skip the new log's events below it.
 */
class SearchIndexStoreTest {

    @TempDir
    Path base;

    private final EventLog first = new EventLog().append(
            lesson("checkout@1.0", "ocelot", "Ocelot cache stampede", "The cache expired", List.of(), List.of(), 1),
            lesson("checkout@1.1", "lynx", "Lynx queue backlog", "The queue filled", List.of(), List.of(), 2));
    private final EventLog second = new EventLog().append(
            lesson("billing@3.0", "pangolin", "Pangolin certificate expiry", "The certificate expired", List.of(),
                    List.of(), 1),
            lesson("billing@3.1", "quokka", "Quokka DNS outage", "The resolver failed", List.of(), List.of(), 2),
            lesson("billing@3.2", "wombat", "Wombat disk full", "The disk filled", List.of(), List.of(), 3));

    @Test
    void an_index_built_from_another_store_is_not_served_and_the_log_is_indexed_from_its_start() {
        indexed("store-1", first);

        try (SearchIndex index = new SearchIndex(base, "store-2", second.head(), second::eventIdAt)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.committed()).isZero();
            assertThat(index.servingOldGeneration()).as("the other store's index is not served meanwhile").isFalse();
            assertThat(index.rebuilding()).as("searches say they miss events").isTrue();
            assertThat(new IndexTokenStore(index, new SearchBatches(new BatchGates())).fetchToken("postmortem-search", 0)).isNull();
            assertThat(search(projection, "ocelot")).isEmpty();

            second.applyTo(projection);
            index.commit(second.head());

            assertThat(search(projection, "pangolin OR quokka OR wombat OR ocelot OR lynx"))
                    .containsExactlyInAnyOrder("pangolin", "quokka", "wombat");
        }
        try (SearchIndex reopened = new SearchIndex(base, "store-2", second.head(), second::eventIdAt)) {
            assertThat(reopened.committed()).as("now it is this store's").isEqualTo(second.head());
        }
    }

    /** A backup restored into a data directory whose index went on past it, or a log replaced by a shorter one. */
    @Test
    void an_index_ahead_of_the_logs_head_is_not_served() {
        indexed("store-1", first);

        try (SearchIndex index = new SearchIndex(base, "store-1", first.head() - 1, first::eventIdAt)) {
            assertThat(index.committed()).isZero();
            assertThat(search(new SearchProjection(index), "ocelot OR lynx")).isEmpty();
        }
    }

    @Test
    void an_index_of_this_store_within_its_log_serves_on() {
        indexed("store-1", first);

        try (SearchIndex index = new SearchIndex(base, "store-1", first.head() + 5, first::eventIdAt)) {
            assertThat(index.committed()).isEqualTo(first.head());
            assertThat(search(new SearchProjection(index), "ocelot OR lynx"))
                    .containsExactlyInAnyOrder("ocelot", "lynx");
        }
    }

    /** Before: the index directory followed the umask (755), its files too, in a data directory others may read. */
    @Test
    void a_new_index_directory_is_its_owners_alone() throws Exception {
        Path index = base.resolve("search-index");

        indexedIn(index, "store-1", first);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(index))).isEqualTo("rwx------");
    }

    private void indexed(String store, EventLog log) {
        indexedIn(base, store, log);
    }

    private static void indexedIn(Path base, String store, EventLog log) {
        try (SearchIndex index = new SearchIndex(base, store, log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index));
            index.commit(log.head());
        }
    }

    private static List<String> search(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10)).hits().stream()
                .map(PostmortemHit::id).toList();
    }
}
