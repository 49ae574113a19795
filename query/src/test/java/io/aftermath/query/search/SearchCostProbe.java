package io.aftermath.query.search;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import io.aftermath.query.support.Incidents;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;

/**
 * A measurement, not a test (its name keeps it out of the suite): the index's size on the real
 * post-mortems, what a q of many words costs, parsed, rewritten and searched with snippets, and what
 * prefixes and fuzzy terms cost. Times on a shared machine are printed, never asserted. Run it with
 * assertions off, as a node runs (Lucene's own assertions make parsing ten times slower): {@code mvn -o -q
 * -pl query -am test -Dtest=SearchCostProbe -Dsurefire.failIfNoSpecifiedTests=false -DenableAssertions=false}.
 */
class SearchCostProbe {

    private static final int RUNS = 5;
    private static final Pattern LINKED = Pattern.compile("^\\[([^\\]]+)\\]\\(([^)]+)\\)\\.?\\s*(.+)$");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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

    /**
     * Prefixes and fuzzy terms on the index a node holds after importing both collections: the icco files
     * and the danluu list (its entries read as the importer reads them, near enough: a company, a link,
     * and a sentence or two as both summary and body). The words are the bodies' own, of four letters or
     * more, each once, in file order. Each q is searched as a node searches it, with snippets, at the
     * default limit of 10 and at 100; the time is the searching thread's CPU, which other work on the
     * machine changes far less than its wall time, and a refused q prints its refusal.
     */
    @Test
    void prints_the_cost_of_prefixes_and_fuzzy_terms() throws IOException {
        Path data = Path.of(System.getProperty("aftermath.test.data", "/work/shared/data"));
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("icco-postmortems")),
                "Skipped: the real post-mortems are not at " + data + " (set -Daftermath.test.data)");
        try (SearchIndex index = SearchIndex.inMemory()) {
            SearchProjection projection = new SearchProjection(index);
            EventLog log = new EventLog();
            try (Stream<Path> files = Files.list(data.resolve("icco-postmortems"))) {
                files.filter(file -> file.toString().endsWith(".md")).sorted().map(FrontMatter::read)
                        .forEach(log::append);
            }
            for (String line : Files.readAllLines(data.resolve("danluu-post-mortems.md"))) {
                Matcher entry = LINKED.matcher(line.trim());
                if (entry.matches()) {
                    String id = "danluu-" + log.size();
                    log.append(new PostmortemImported(id, "danluu", id, entry.group(1), entry.group(1), null,
                            List.of(), List.of(), null, null, entry.group(3), entry.group(3), entry.group(2),
                            "importer", Incidents.T0));
                }
            }
            log.applyTo(projection);
            index.writing().writer.forceMerge(1);
            index.commit(log.head());
            List<String> words = bodyWords(log);
            // Before the first row is timed, the JIT compiles the search path: it was timed cold, at twice its cost.
            for (int run = 0; run < 50; run++) {
                search(projection, "outage~1 deploy* certifcate~2 " + letters(26), 10);
            }
            System.out.printf(Locale.ROOT, "%d documents; q, hits at limit 10, CPU ms at limit 10 and at 100%n",
                    log.size());
            for (int count : new int[] {1, 10, 11, 100, 413}) {
                for (String operator : new String[] {"", "~1", "~2", "*"}) {
                    cost(projection, count + " words" + operator, words.subList(0, count).stream()
                            .map(word -> word + operator).collect(Collectors.joining(" ")));
                }
            }
            cost(projection, "10 one-letter words~2", letters(10).replace(" ", "~2 ") + "~2");
            cost(projection, "10 one-letter words*", letters(10).replace(" ", "* ") + "*");
            cost(projection, "10 words of 20 letters~2", IntStream.range(0, 10)
                    .mapToObj(i -> "internationalizatio" + (char) ('a' + i) + "~2").collect(Collectors.joining(" ")));
            cost(projection, "1 word of 21 letters~2", "internationalizations~2");
            cost(projection, "1 word of 255 letters~2", letters(255).replace(" ", "") + "~2");
            cost(projection, "1 word of 4,000 letters*", "x".repeat(4_000) + "*");
            // Last, when the JIT has compiled what the others ran: the cost the terms above are held to.
            cost(projection, "2,000 one-letter words", letters(2_000));
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

    private static List<String> bodyWords(EventLog log) {
        Set<String> words = new LinkedHashSet<>();
        for (int position = 0; position < log.size(); position++) {
            if (log.event(position) instanceof PostmortemImported postmortem && postmortem.body() != null) {
                for (String word : postmortem.body().toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                    if (word.length() >= 4) {
                        words.add(word);
                    }
                }
            }
        }
        return List.copyOf(words);
    }

    private static void cost(SearchProjection projection, String label, String q) {
        String hits;
        try {
            hits = String.format(Locale.ROOT, "%,5d", search(projection, q, 10).total());
        } catch (RuntimeException refused) {
            System.out.printf(Locale.ROOT, "%-26s %s%n", label, refused);
            return;
        }
        long ten = cpu(() -> search(projection, q, 10));
        // Snippets cost most at 100; where 10 took seconds, 100 would take minutes.
        String hundred = ten > 1e9 ? "-"
                : String.format(Locale.ROOT, "%,9.1f ms", cpu(() -> search(projection, q, 100)) / 1e6);
        System.out.printf(Locale.ROOT, "%-26s %s hits, %,9.1f ms, %s%n", label, hits, ten / 1e6, hundred);
    }

    private static PostmortemHits search(SearchProjection projection, String q, int limit) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, limit));
    }

    /** The least CPU time of three runs on this thread. */
    private static long cpu(Runnable work) {
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = THREADS.getCurrentThreadCpuTime();
            work.run();
            least = Math.min(least, THREADS.getCurrentThreadCpuTime() - start);
        }
        return least;
    }

    private static long size(Directory directory) throws IOException {
        long bytes = 0;
        for (String file : directory.listAll()) {
            bytes += directory.fileLength(file);
        }
        return bytes;
    }
}
