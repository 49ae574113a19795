package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.Incidents;
import io.aftermath.shared.query.FindPostmortem;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.TicketReported;

class SearchIndexFormatTest {

    private static final String STORE = "store-1";

    @TempDir
    Path base;

    private final LessonRecorded rollout = lesson("checkout@1.0", "l1", "Rollout", "The deployment stalled",
            List.of(), List.of(), 1);
    private final EventLog log = new EventLog().append(rollout);

    /** The format mechanism, for the next change of format: this log's index, written the way format 1 was. */
    @Test
    void an_index_of_this_log_in_an_earlier_format_is_rebuilt_from_the_log_while_it_serves() throws Exception {
        writeAsTheVersionBeforeUnstemmedFields(Map.of(IndexCommit.POSITION, Long.toString(log.head()),
                IndexCommit.FORMAT, "1", IndexCommit.STORE, STORE,
                IndexCommit.LAST_EVENT, log.eventIdAt(log.head() - 1).orElseThrow()));

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.rebuilding()).isTrue();
            assertThat(index.rebuildTarget()).isEqualTo(log.head());
            assertThat(new IndexTokenStore(index, new SearchBatches(new BatchGates())).fetchToken("postmortem-search", 0))
                    .as("the processor goes on where the old index stands").isEqualTo(
                            new GlobalSequenceTrackingToken(log.head() - 1));
            assertThat(search(projection, "deployment")).as("the old index serves meanwhile").containsExactly("l1");

            assertThat(index.replay(() -> log.applyTo(projection), log.head())).isTrue();

            assertThat(index.completeRebuildIfCaughtUp()).isTrue();
            assertThat(search(projection, "deploym*")).containsExactly("l1");
        }
        assertReopenedInThisVersionsFormatAtTheHead();
    }

    /**
     * Regression: an index built before the unstemmed fields went on serving, and "deploym*" found nothing.
     * That version named no store either, so the index cannot say whose log it shows: it is not served.
     */
    @Test
    void an_index_built_by_an_earlier_version_is_started_afresh_from_the_log() throws IOException {
        writeAsTheVersionBeforeUnstemmedFields(Map.of(IndexCommit.POSITION, Long.toString(log.head())));

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.servingOldGeneration()).as("the old index is not served meanwhile").isFalse();
            assertThat(index.rebuilding()).as("searches say they miss events").isTrue();
            assertThat(index.committed()).isZero();
            assertThat(new IndexTokenStore(index, new SearchBatches(new BatchGates())).fetchToken("postmortem-search", 0))
                    .as("the processor starts from the beginning of the log").isNull();
            assertThat(search(projection, "deployment")).isEmpty();

            log.applyTo(projection);
            index.commit(log.head());

            assertThat(search(projection, "deploym*")).containsExactly("l1");
        }
        assertReopenedInThisVersionsFormatAtTheHead();
    }

    /**
     * Format 4 stored no lesson's factors apart, nor a post-mortem's Markdown: a whole read of its documents would
     * miss them, so while it serves searches, whole reads come from the rebuild as far as it got.
     */
    @Test
    void while_an_index_of_format_4_is_rebuilt_a_whole_read_comes_from_the_rebuild() throws Exception {
        Document document = SearchDocuments.lesson(rollout, null, List.of());
        List.of(SearchDocuments.ACTOR, SearchDocuments.FACTOR, SearchDocuments.WENT_WELL, SearchDocuments.IMPROVEMENT)
                .forEach(document::removeFields);
        write(document, Map.of(IndexCommit.POSITION, Long.toString(log.head()), IndexCommit.FORMAT, "4",
                IndexCommit.STORE, STORE, IndexCommit.LAST_EVENT, log.eventIdAt(log.head() - 1).orElseThrow()));

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.servingOldGeneration()).isTrue();
            assertThat(search(projection, "deployment")).as("the old index serves searches").containsExactly("l1");
            assertThat(projection.handle(new FindPostmortem("l1"))).as("the rebuild has not reached it").isEmpty();

            assertThat(index.replay(() -> log.applyTo(projection), log.head())).isTrue();

            assertThat(index.servingOldGeneration()).isTrue();
            assertThat(projection.handle(new FindPostmortem("l1"))).get()
                    .satisfies(view -> assertThat(view.contributingFactors()).isEqualTo(rollout.contributingFactors()))
                    .satisfies(view -> assertThat(view.actor()).isEqualTo(rollout.actor()));
        }
    }

    /** Format 5 indexed a lesson by its own text only: a node upgraded from it indexes its log once more. */
    @Test
    void an_index_of_format_5_is_rebuilt_so_lessons_are_found_by_their_tickets_text() throws Exception {
        TicketReported ticket = new TicketReported("t1", "checkout@1.0", "Card payments timeout", "Customers wrote in",
                null, null, "reporter", Incidents.minutes(0));
        LessonRecorded linked = lesson("checkout@1.0", "l2", "Retries", "Retries piled up", List.of("t1"), List.of(), 2);
        log.append(ticket, linked);
        write(SearchDocuments.lesson(linked, null, List.of()), Map.of(IndexCommit.POSITION, Long.toString(log.head()),
                IndexCommit.FORMAT, "5", IndexCommit.STORE, STORE,
                IndexCommit.LAST_EVENT, log.eventIdAt(log.head() - 1).orElseThrow()));

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.servingOldGeneration()).isTrue();
            assertThat(search(projection, "card payments")).as("the old index serves meanwhile").isEmpty();

            assertThat(index.replay(() -> log.applyTo(projection), log.head())).isTrue();

            assertThat(index.completeRebuildIfCaughtUp()).isTrue();
            assertThat(search(projection, "card payments")).containsExactly("l2");
        }
        assertReopenedInThisVersionsFormatAtTheHead();
    }

    /**
     * The processor keeps the old index current while the rebuild's replay writes the new one: its commits there
     * keep the old format, so a node stopped before the switch finds it still to be rebuilt as it starts again.
     */
    @Test
    void an_index_in_an_earlier_format_written_during_its_rebuild_is_rebuilt_again_after_a_restart()
            throws IOException {
        TicketReported ticket = new TicketReported("t1", "checkout@1.0", "Card payments timeout", "Customers wrote in",
                null, null, "reporter", Incidents.minutes(0));
        write(SearchDocuments.lesson(rollout, null, List.of()), Map.of(IndexCommit.POSITION, Long.toString(log.head()),
                IndexCommit.FORMAT, "5", IndexCommit.STORE, STORE,
                IndexCommit.LAST_EVENT, log.eventIdAt(log.head() - 1).orElseThrow()));
        log.append(ticket);

        try (SearchIndex index = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            log.applyTo(new SearchProjection(index), log.size() - 1, log.size());
            index.commit(log.head());
        }

        try (SearchIndex reopened = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            assertThat(reopened.committed()).isEqualTo(log.head());
            assertThat(reopened.servingOldGeneration()).as("rebuilding format 5 again").isTrue();
        }
    }

    @Test
    void a_new_index_is_in_this_versions_format_from_the_start() {
        try (SearchIndex index = new SearchIndex(base, STORE, 0, log::eventIdAt)) {
            assertThat(index.rebuilding()).isFalse();
            index.commit(0);
        }
        try (SearchIndex reopened = new SearchIndex(base, STORE, 0, log::eventIdAt)) {
            assertThat(reopened.rebuilding()).isFalse();
        }
    }

    private void assertReopenedInThisVersionsFormatAtTheHead() {
        try (SearchIndex reopened = new SearchIndex(base, STORE, log.head(), log::eventIdAt)) {
            assertThat(reopened.rebuilding()).as("the rebuilt index is in this version's format").isFalse();
            assertThat(reopened.committed()).isEqualTo(log.head());
        }
    }

    /** The lesson with stemmed text fields only, committed with this data. */
    private void writeAsTheVersionBeforeUnstemmedFields(Map<String, String> commitData) throws IOException {
        Document document = SearchDocuments.lesson(rollout, null, List.of());
        SearchDocuments.WEIGHTS.keySet().forEach(field -> document.removeFields(SearchDocuments.unstemmed(field)));
        write(document, commitData);
    }

    private void write(Document document, Map<String, String> commitData) throws IOException {
        try (Directory directory = FSDirectory.open(base.resolve("g0"));
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new EnglishAnalyzer()))) {
            writer.addDocument(document);
            writer.setLiveCommitData(new HashMap<>(commitData).entrySet());
            writer.commit();
        }
    }

    private static List<String> search(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10)).hits().stream()
                .map(PostmortemHit::id).toList();
    }
}
