package io.aftermath.query.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

import io.aftermath.shared.query.PostmortemView;
import io.aftermath.shared.ticket.Severity;

/**
 * Lessons and imported post-mortems read whole from the search index, whose documents store what such a
 * read shows beside what searches use ({@link SearchDocuments}). So a whole read is as current as the
 * search that found the id, is rebuilt and survives a restart with the index, and keeps bodies on disk
 * rather than on the heap.
 */
final class PostmortemViews {

    private final SearchIndex index;

    PostmortemViews(SearchIndex index) {
        this.index = index;
    }

    /** A post-mortem's id ({@code pm-…}) and a lesson's (a UUID) never look alike, so one of them is found. */
    Optional<PostmortemView> find(String id) {
        SearcherManager searchers = index.wholeDocuments();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                for (String documentId : List.of(SearchDocuments.postmortemId(id), SearchDocuments.lessonId(id))) {
                    TopDocs found = searcher.search(new TermQuery(new Term(SearchDocuments.ID, documentId)), 1);
                    if (found.scoreDocs.length > 0) {
                        return Optional.of(view(searcher.storedFields().document(found.scoreDocs[0].doc)));
                    }
                }
                return Optional.empty();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lesson's summary field holds what happened; its product field, its service. */
    private static PostmortemView view(Document document) {
        String kind = document.get(SearchDocuments.KIND);
        boolean lesson = SearchDocuments.LESSON.equals(kind);
        String severity = document.get(SearchDocuments.SEVERITY);
        IndexableField time = document.getField(SearchDocuments.TIME_STORED);
        return new PostmortemView(kind, document.get(lesson ? "lessonId" : "postmortemId"),
                document.get(SearchDocuments.TITLE), document.get(SearchDocuments.SERVICE),
                document.get(SearchDocuments.RELEASE_ID), values(document, SearchDocuments.TICKET_IDS),
                document.get(SearchDocuments.COMPANY), values(document, SearchDocuments.TAG_STORED),
                severity == null ? null : Severity.valueOf(severity),
                time == null ? null : Instant.ofEpochMilli(time.numericValue().longValue()),
                document.get(SearchDocuments.URL), document.get(SearchDocuments.ACTOR),
                lesson ? document.get(SearchDocuments.SUMMARY) : null, values(document, SearchDocuments.FACTOR),
                document.get(SearchDocuments.WENT_WELL), values(document, SearchDocuments.IMPROVEMENT),
                document.get(SearchDocuments.SOURCE), document.get(SearchDocuments.SOURCE_ID),
                lesson ? null : document.get(SearchDocuments.PRODUCT), values(document, SearchDocuments.CATEGORY),
                values(document, SearchDocuments.KEYWORD), instant(document, SearchDocuments.START),
                instant(document, SearchDocuments.END), document.get(SearchDocuments.SUMMARY_MARKDOWN),
                document.get(SearchDocuments.BODY_MARKDOWN), instant(document, SearchDocuments.IMPORTED_AT),
                lesson ? null : revisions(document), instant(document, SearchDocuments.REVISED_AT),
                document.get(SearchDocuments.REVISED_BY));
    }

    private static List<String> values(Document document, String field) {
        return Arrays.asList(document.getValues(field));
    }

    private static int revisions(Document document) {
        String revisions = document.get(SearchDocuments.REVISIONS);
        return revisions == null ? 0 : Integer.parseInt(revisions);
    }

    private static Instant instant(Document document, String field) {
        String value = document.get(field);
        return value == null ? null : Instant.parse(value);
    }
}
