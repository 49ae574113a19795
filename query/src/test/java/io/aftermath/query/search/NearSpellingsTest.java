package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.FrontMatter;

class NearSpellingsTest {

    private final SearchIndex index = SearchIndex.inMemory();
    private IndexSearcher searcher;

    @BeforeEach
    void setUp() throws Exception {
        SearchProjection projection = new SearchProjection(index);
        EventLog log = new EventLog();
        for (String name : List.of("cache-stampede.md", "certificate.md", "dns.md")) {
            log.append(FrontMatter.read(Path.of(getClass().getResource("/postmortems/" + name).toURI())));
        }
        log.applyTo(projection);
        index.commit(log.head());
        searcher = index.searchers().acquire();
    }

    @AfterEach
    void tearDown() throws IOException {
        index.searchers().release(searcher);
        index.close();
    }

    @Test
    void finds_and_scores_what_fuzzy_query_finds_and_scores() throws IOException {
        for (String field : List.of("body_unstemmed", "summary_unstemmed", "title_unstemmed")) {
            for (String word : List.of("certifcate", "cache", "expird", "resolvr", "the", "x", "ab", "stampede")) {
                for (int edits = 1; edits <= 2; edits++) {
                    Query fuzzy = new FuzzyQuery(new Term(field, word), edits, 0, NearSpellings.EXPANSIONS, true);
                    Query near = new NearSpellings(field, new NearSpellings.Automata(word, edits));

                    assertThat(hits(near)).as("%s:%s~%d", field, word, edits).isEqualTo(hits(fuzzy));
                }
            }
        }
    }

    /** Documents and scores, best first. */
    private List<String> hits(Query query) throws IOException {
        return Arrays.stream(searcher.search(query, 10).scoreDocs).map(hit -> hit.doc + "=" + hit.score).toList();
    }
}
