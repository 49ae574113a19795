package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.support.EventLog;

/**
 * Regression: an index started again from the log answered searches without saying it was being rebuilt,
 * so partial results read as complete. The rule: an index that starts from the beginning of a log holding
 * events is rebuilding until it has committed every event below the head it saw then.
 */
class SearchIndexRebuildingTest {

    private static final String STORE = "store-1";

    @TempDir
    Path base;

    private final EventLog log = new EventLog().append(
            lesson("checkout@1.0", "ocelot", "Ocelot cache stampede", "The cache expired", List.of(), List.of(), 1),
            lesson("checkout@1.1", "lynx", "Lynx queue backlog", "The queue filled", List.of(), List.of(), 2),
            lesson("checkout@1.2", "caracal", "Caracal disk full", "The disk filled", List.of(), List.of(), 3));

    @Test
    void an_index_started_afresh_is_rebuilding_until_it_reaches_the_head_it_started_below() {
        indexed("another-store");

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            assertThat(index.rebuilding()).isTrue();
            assertThat(index.servingOldGeneration()).as("no older generation to serve meanwhile").isFalse();
            assertThat(index.rebuildTarget()).isEqualTo(log.head());

            SearchProjection projection = new SearchProjection(index);
            log.applyTo(projection, 0, 2);
            index.commit(2);
            assertThat(index.rebuilding()).isTrue();

            log.applyTo(projection, 2, 3);
            index.commit(3);
            assertThat(index.rebuilding()).isFalse();
        }
    }

    @Test
    void a_restart_part_way_keeps_the_head_it_started_below_though_the_log_has_grown() {
        indexed("another-store");
        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index), 0, 1);
            index.commit(1);
        }

        try (SearchIndex reopened = new SearchIndex(base, STORE, log.head() + 10, log::eventIdAt)) {
            assertThat(reopened.committed()).as("served on: it is this store's").isEqualTo(1);
            assertThat(reopened.rebuilding()).isTrue();
            assertThat(reopened.rebuildTarget()).isEqualTo(log.head());

            log.applyTo(new SearchProjection(reopened), 1, 3);
            reopened.commit(3);
            assertThat(reopened.rebuilding()).as("what came after it is lag, not a rebuild").isFalse();
        }
        try (SearchIndex again = new SearchIndex(base, STORE, log.head() + 10, log::eventIdAt)) {
            assertThat(again.rebuilding()).isFalse();
        }
    }

    /** A node started without its index (a restored backup holds none, a new query node has none). */
    @Test
    void a_missing_index_on_a_log_that_holds_events_is_rebuilding_until_it_catches_up() {
        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            assertThat(index.rebuilding()).isTrue();
            log.applyTo(new SearchProjection(index));
            index.commit(log.head());
            assertThat(index.rebuilding()).isFalse();
        }
    }

    @Test
    void an_index_of_an_empty_log_and_one_that_serves_on_are_not_rebuilding() {
        try (SearchIndex index = new SearchIndex(base, STORE, 0, log::eventIdAt)) {
            assertThat(index.rebuilding()).isFalse();
        }
        indexed(STORE);
        try (SearchIndex index = new SearchIndex(base, STORE, log.head() + 5, log::eventIdAt)) {
            assertThat(index.committed()).isEqualTo(log.head());
            assertThat(index.rebuilding()).isFalse();
        }
    }

    private void indexed(String store) {
        try (SearchIndex index = new SearchIndex(base, store, log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index));
            index.commit(log.head());
        }
    }
}
