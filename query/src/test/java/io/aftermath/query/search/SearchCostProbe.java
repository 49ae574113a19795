package io.aftermath.query.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.FrontMatter;
import io.aftermath.shared.query.SearchPostmortems;

/**
 * A measurement, not a test (its name keeps it out of the suite): the index's size on the real post-mortems
 * and what a q of many words costs, parsed, rewritten and searched with snippets. Wall times on a shared
 * machine are printed, never asserted. Run it with assertions off, as a node runs (Lucene's own assertions
 * make parsing ten times slower): {@code mvn -o -q -pl query -am test -Dtest=SearchCostProbe
 * -Dsurefire.failIfNoSpecifiedTests=false -DenableAssertions=false}.
 */
class SearchCostProbe {

    private static final int RUNS = 5;

    @Test
    void prints_the_index_size_and_the_cost_of_long_queries() throws IOException {
        Path corpus = Path.of(System.getProperty("aftermath.test.data", "/work/shared/data"), "icco-postmortems");
        Assumptions.assumeTrue(Files.isDirectory(corpus),
                "Skipped: the real post-mortems are not at " + corpus + " (set -Daftermath.test.data)");
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = new SearchProjection(index);
            EventLog log = new EventLog();
            try (Stream<Path> files = Files.list(corpus)) {
                files.filter(file -> file.toString().endsWith(".md")).sorted().map(FrontMatter::read)
                        .forEach(log::append);
            }
            log.applyTo(projection);
            index.writing().writer.forceMerge(1);
            index.commit(log.head());
            System.out.printf(Locale.ROOT, "%d post-mortems, index %,d bytes in one segment%n", log.size(),
                    size(index.writing().directory));
            for (int words : new int[] {100, 300, 1_000, 2_000}) {
                measure(index, projection, letters(words));
                // Parentheses make the parser take the text as a whole rather than word by word.
                measure(index, projection, letters(words - 1) + " (z)");
            }
        }
    }

    /** "a b c … z a b …": two bytes a word, so 2,000 of them fill the 4 KB request line. */
    private static String letters(int words) {
        return IntStream.range(0, words).mapToObj(i -> String.valueOf((char) ('a' + i % 26)))
                .collect(Collectors.joining(" "));
    }

    private static void measure(SearchIndex index, SearchProjection projection, String q) throws IOException {
        long first = 0;
        long parse = Long.MAX_VALUE;
        long rewrite = Long.MAX_VALUE;
        long search = Long.MAX_VALUE;
        IndexSearcher searcher = index.searchers().acquire();
        try {
            for (int run = 0; run < RUNS; run++) {
                long start = System.nanoTime();
                Query query = new SearchQueryParser(index.analyzer()).parse(q);
                long parsed = System.nanoTime();
                searcher.rewrite(query);
                long rewritten = System.nanoTime();
                projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10));
                long searched = System.nanoTime();
                first = run == 0 ? searched - rewritten : first;
                parse = Math.min(parse, parsed - start);
                rewrite = Math.min(rewrite, rewritten - parsed);
                search = Math.min(search, searched - rewritten);
            }
        } finally {
            index.searchers().release(searcher);
        }
        System.out.printf(Locale.ROOT, "%,5d words%s: parse %,7.1f ms, rewrite %,5.1f ms, whole search %,7.1f ms"
                + " (best of %d; first %,7.1f ms)%n", q.split(" ").length, q.endsWith(")") ? ", (z)" : "     ",
                parse / 1e6, rewrite / 1e6, search / 1e6, RUNS, first / 1e6);
    }

    private static long size(Directory directory) throws IOException {
        long bytes = 0;
        for (String file : directory.listAll()) {
            bytes += directory.fileLength(file);
        }
        return bytes;
    }
}
