package io.aftermath.query.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.uhighlight.SplittingBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.ticket.Severity;

/**
 * Ranked search: the words go through {@link SearchQueryParser} (so any text a person types is a
 * valid query: quotes for phrases, {@code -} to exclude) over the weighted text fields, scored with
 * BM25; filters narrow without changing scores. Snippets come from the summary where it matches, else the
 * body where it matches, else, for a lesson found only through its tickets or action items, the line of its
 * linked text that matches (a title or a resolution summary: it shows why the lesson was found), else the
 * summary's start: HTML, with matches in {@code <b>} and the text around them escaped ({@link SnippetFormatter}).
 */
final class PostmortemSearch {

    private static final int SNIPPET_FALLBACK = 240;
    private static final Sort NEWEST_FIRST = newestFirst();

    private final SearchIndex index;

    PostmortemSearch(SearchIndex index) {
        this.index = index;
    }

    PostmortemHits search(SearchPostmortems query) {
        SearcherManager searchers = index.searchers();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search(searcher, query);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidParameter("q",
                    "expands to too many terms: use fewer words, prefixes (*) or fuzzy terms (~)");
        }
    }

    /** Passes a document holding any of {@code values} in {@code field}; with none given, filters nothing. */
    private static void filterAnyOf(BooleanQuery.Builder builder, String field, Stream<String> values) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.distinct().forEach(value -> any.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.SHOULD));
        BooleanQuery built = any.build();
        if (!built.clauses().isEmpty()) {
            builder.add(built, BooleanClause.Occur.FILTER);
        }
    }

    private PostmortemHits search(IndexSearcher searcher, SearchPostmortems query) throws IOException {
        boolean text = query.q() != null && !query.q().isBlank();
        // Rewritten once, for the search and its snippets alike: the highlighter rewrites the query it is given
        // for every hit and field, and rewriting a fuzzy term builds its automata, which took 13 s for 100 ~2.
        Query words = text ? searcher.rewrite(new SearchQueryParser(index.analyzer()).parse(query.q()))
                : new MatchAllDocsQuery();
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST)
                .add(new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(SearchDocuments.KIND, SearchDocuments.LESSON)),
                                BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term(SearchDocuments.KIND, SearchDocuments.POSTMORTEM)),
                                BooleanClause.Occur.SHOULD)
                        .build(), BooleanClause.Occur.FILTER);
        filterAnyOf(builder, SearchDocuments.SERVICE_FILTER, query.services().stream().map(SearchDocuments::normal));
        filterAnyOf(builder, SearchDocuments.RELEASE_ID, query.releaseIds().stream());
        for (String tag : query.tags()) {
            builder.add(new TermQuery(new Term(SearchDocuments.TAG_FILTER, SearchDocuments.normal(tag))),
                    BooleanClause.Occur.FILTER);
        }
        filterAnyOf(builder, SearchDocuments.SEVERITY_FILTER, query.severities().stream().map(Enum::name));
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli();
            builder.add(LongPoint.newRangeQuery(SearchDocuments.TIME, from, to), BooleanClause.Occur.FILTER);
        }
        Query combined = builder.build();
        int wanted = query.offset() + Math.max(1, query.limit());
        // Every hit counted (Lucene stops near 1,000 by default), so total is exact and the same on every page.
        TopDocs best = text
                ? searcher.search(combined, new TopScoreDocCollectorManager(wanted, null, Integer.MAX_VALUE))
                : searcher.search(combined,
                        new TopFieldCollectorManager(NEWEST_FIRST, wanted, null, Integer.MAX_VALUE));
        TopDocs top = new TopDocs(best.totalHits,
                Arrays.copyOfRange(best.scoreDocs, Math.min(query.offset(), best.scoreDocs.length), best.scoreDocs.length));
        String[][] snippets = text ? snippets(searcher, words, top) : null;
        StoredFields fields = searcher.storedFields();
        List<PostmortemHit> hits = new ArrayList<>();
        for (int i = 0; i < top.scoreDocs.length; i++) {
            ScoreDoc scoreDoc = top.scoreDocs[i];
            Document document = fields.document(scoreDoc.doc);
            String snippet = snippets == null ? null : firstOf(snippets, i);
            hits.add(hit(document, text ? scoreDoc.score : 0, snippet));
        }
        return new PostmortemHits(top.totalHits.value, hits);
    }

    /** Undated post-mortems last: without a time they sorted as if from 1 January 1970. */
    private static Sort newestFirst() {
        SortField time = new SortField(SearchDocuments.TIME_SORT, SortField.Type.LONG, true);
        time.setMissingValue(Long.MIN_VALUE);
        return new Sort(time);
    }

    private String[][] snippets(IndexSearcher searcher, Query words, TopDocs top) throws IOException {
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, index.analyzer())
                .withMaxLength(20_000)
                .withFormatter(new SnippetFormatter())
                // A line is a block of its own (a heading, a list item, a lesson's factor): no passage spans two.
                .withBreakIterator(() -> new SplittingBreakIterator(new AbbreviationAwareSentences(), '\n'))
                // Nothing from a field without a match: by default the summary's start hid a match in the body.
                .withMaxNoHighlightPassages(0)
                // A prefix matches in the unstemmed sibling, whose words are the stored text's too.
                .withMaskedFieldsFunc(field -> Set.of(SearchDocuments.unstemmed(field)))
                .build();
        return new String[][] {highlighter.highlight(SearchDocuments.SUMMARY, words, top, 1),
                highlighter.highlight(SearchDocuments.BODY, words, top, 1),
                highlighter.highlight(SearchDocuments.LINKED, words, top, 1)};
    }

    /** The first field's passage that matches, in the order the fields are highlighted; else null. */
    private static String firstOf(String[][] snippets, int hit) {
        for (String[] field : snippets) {
            if (field[hit] != null) {
                return field[hit];
            }
        }
        return null;
    }

    private static PostmortemHit hit(Document document, float score, String snippet) {
        String kind = document.get(SearchDocuments.KIND);
        boolean lesson = SearchDocuments.LESSON.equals(kind);
        String summary = document.get(SearchDocuments.SUMMARY) != null ? document.get(SearchDocuments.SUMMARY)
                : document.get(SearchDocuments.BODY);
        if (snippet == null && summary != null) {
            snippet = summary.length() <= SNIPPET_FALLBACK ? SnippetFormatter.escape(summary)
                    : SnippetFormatter.escape(summary.substring(0, SNIPPET_FALLBACK)) + "…";
        }
        var time = document.getField(SearchDocuments.TIME_STORED);
        String severity = document.get(SearchDocuments.SEVERITY);
        return new PostmortemHit(score, kind, document.get(lesson ? "lessonId" : "postmortemId"),
                document.get(SearchDocuments.TITLE), snippet, document.get(SearchDocuments.SERVICE),
                document.get(SearchDocuments.RELEASE_ID), Arrays.asList(document.getValues(SearchDocuments.TICKET_IDS)),
                document.get(SearchDocuments.COMPANY), Arrays.asList(document.getValues(SearchDocuments.TAG_STORED)),
                severity == null ? null : Severity.valueOf(severity),
                time == null ? null : Instant.ofEpochMilli(time.numericValue().longValue()),
                document.get(SearchDocuments.URL));
    }
}
