package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.LessonRecorded;

class SearchIndexFormatTest {

    @TempDir
    Path base;

    /** Regression: an index built before the unstemmed fields went on serving, and "deploym*" found nothing. */
    @Test
    void an_index_built_by_an_earlier_version_is_rebuilt_from_the_log_while_it_serves() throws IOException {
        LessonRecorded rollout = lesson("checkout@1.0", "l1", "Rollout", "The deployment stalled", List.of(),
                List.of(), 1);
        EventLog log = new EventLog().append(rollout);
        writeAsTheVersionBeforeUnstemmedFields(rollout, log.head());

        try (SearchIndex index = new SearchIndex(base)) {
            SearchProjection projection = new SearchProjection(index);
            assertThat(index.rebuilding()).isTrue();
            assertThat(index.frozenAt()).isEqualTo(log.head());
            assertThat(new IndexTokenStore(index).fetchToken("postmortem-search", 0))
                    .as("the processor starts from the beginning of the log").isNull();
            assertThat(search(projection, "deployment")).as("the old index serves meanwhile").containsExactly("l1");

            log.applyTo(projection);
            index.commit(log.head());

            assertThat(index.completeRebuildIfCaughtUp()).isTrue();
            assertThat(search(projection, "deploym*")).containsExactly("l1");
        }
        try (SearchIndex reopened = new SearchIndex(base)) {
            assertThat(reopened.rebuilding()).as("the rebuilt index is in this version's format").isFalse();
            assertThat(reopened.committed()).isEqualTo(log.head());
        }
    }

    @Test
    void a_new_index_is_in_this_versions_format_from_the_start() {
        try (SearchIndex index = new SearchIndex(base)) {
            assertThat(index.rebuilding()).isFalse();
            index.commit(0);
        }
        try (SearchIndex reopened = new SearchIndex(base)) {
            assertThat(reopened.rebuilding()).isFalse();
        }
    }

    /** Documents with stemmed text fields only, committed with the position and no format. */
    private void writeAsTheVersionBeforeUnstemmedFields(LessonRecorded lesson, long position) throws IOException {
        Document document = SearchDocuments.lesson(lesson, null);
        SearchDocuments.WEIGHTS.keySet().forEach(field -> document.removeFields(SearchDocuments.unstemmed(field)));
        try (Directory directory = FSDirectory.open(base.resolve("g0"));
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new EnglishAnalyzer()))) {
            writer.addDocument(document);
            writer.setLiveCommitData(Map.of(SearchIndex.POSITION, Long.toString(position)).entrySet());
            writer.commit();
        }
    }

    private static List<String> search(SearchProjection projection, String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10)).hits().stream()
                .map(PostmortemHit::id).toList();
    }
}
