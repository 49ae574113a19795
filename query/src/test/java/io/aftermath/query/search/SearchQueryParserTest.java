package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.support.Allocated;
import io.aftermath.shared.error.InvalidParameter;

class SearchQueryParserTest {

    /** The index's analyzer, and Lucene's clause limit that the index sets for the JVM. */
    private final SearchIndex index = SearchIndex.inMemory();

    @AfterEach
    void tearDown() {
        index.close();
    }

    @Test
    void words_parsed_one_by_one_make_the_query_the_whole_text_makes() {
        for (String words : new String[] {"cache", "cache dns", "dns -github outage* certifcate~1", "  a  b\tc\nd  ",
                "the -the of", "x-ray o'brien café 10.0.0.1 é~ -- - * ~2"}) {
            // Around one word, parentheses change nothing but which way the text is parsed.
            String grouped = words.strip().replaceFirst("(\\S+)$", "($1)");

            assertThat(withoutTogether(parse(words))).as(words).isEqualTo(withoutTogether(parse(grouped)));
        }
    }

    @Test
    void neighbouring_plain_words_score_again_when_found_together() {
        assertThat(together(parse("release notes"))).isTrue();
        assertThat(together(parse("load balancer \"human error\""))).as("tester 14: beside a quote").isTrue();
        assertThat(together(parse("database migration | xyzzy"))).as("beside an operator").isTrue();
        assertThat(together(parse("database-migration"))).as("one word the analyzer splits").isTrue();
        assertThat(together(parse("release"))).isFalse();
        assertThat(together(parse("release\\ notes"))).as("an escape is syntax, not a plain word").isFalse();
        assertThat(together(parse("dns -github resolver"))).as("an exclusion parts them").isFalse();
        assertThat(together(parse("release* -notes outage~1"))).as("no plain neighbours").isFalse();
        assertThat(together(parse(letters(SearchQueryParser.MOST_TOGETHER + 1)))).as("a pasted paragraph").isFalse();
    }

    /** The words' query, a MUST, beside the bonus for neighbours found together, a SHOULD. */
    private static boolean together(Query query) {
        return query instanceof BooleanQuery group && group.clauses().size() == 2
                && group.clauses().get(0).getOccur() == BooleanClause.Occur.MUST
                && group.clauses().get(1).getQuery() instanceof BoostQuery boost
                && boost.getBoost() == SearchQueryParser.TOGETHER;
    }

    /** The query the words make joined by OR alone, as the parser joins them. */
    private static Query withoutTogether(Query query) {
        return together(query) ? ((BooleanQuery) query).clauses().get(0).getQuery() : query;
    }

    private Query parse(String q) {
        return new SearchQueryParser(index.analyzer()).parse(q);
    }

    private long allocatedParsing(String q) {
        return Allocated.bytes(() -> parse(q));
    }

    /** "a b c … z a b …", as many words as a request line holds. */
    private static String letters(int words) {
        return IntStream.range(0, words).mapToObj(i -> String.valueOf((char) ('a' + i % 26)))
                .collect(Collectors.joining(" "));
    }
}
