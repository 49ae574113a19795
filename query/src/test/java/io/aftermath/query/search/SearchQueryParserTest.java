package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
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

    /** Tester 77: "dns" and nineteen stars was refused as a prefix of more than 20 characters; "**" found nothing. */
    @Test
    void stars_after_the_first_add_nothing() {
        assertThat(parse("dns" + "*".repeat(19))).isEqualTo(parse("dns*"));
        assertThat(parse("cache dns***")).isEqualTo(parse("cache dns*"));
        assertThat(parse("**")).isEqualTo(parse("*")).isInstanceOf(MatchAllDocsQuery.class);
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

    /** Tester 31: a post-mortem matching one rare word outranked the lesson saying all three. */
    @Test
    void a_document_holding_every_plain_word_of_a_short_q_scores_them_again() {
        assertThat(everyWord(parse("checkout payment timeout"))).isTrue();
        assertThat(everyWord(parse("dns -github resolver"))).as("the words around an exclusion").isTrue();
        assertThat(everyWord(parse("release"))).isFalse();
        assertThat(everyWord(parse("the release"))).as("a word nothing holds is left out").isFalse();
        assertThat(everyWord(parse("release* outage~1"))).as("no plain words").isFalse();
        assertThat(everyWord(parse(letters(SearchQueryParser.MOST_TOGETHER + 1)))).as("a pasted paragraph").isFalse();
    }

    /**
     * Regression: SimpleQueryParser copied its group of clauses for each word it added, so 2,000 words cost
     * seconds. Work is counted as bytes allocated while parsing, which, unlike time, other work on the
     * machine does not change: four times the words must cost about four times as much, not sixteen.
     */
    @Test
    void parsing_grows_with_the_words_not_with_their_square() {
        long five = allocatedParsing(letters(500));
        long twenty = allocatedParsing(letters(2_000));

        assertThat(twenty).as("bytes for 2,000 words, against %,d for 500", five).isLessThan(6 * five);
    }

    /**
     * Regression: nothing bounded the prefixes and fuzzy terms of a q, each matched against every word of the
     * index: 413 fuzzy terms took a minute of CPU, a prefix of 2,000 letters failed inside Lucene (a 500).
     */
    @Test
    void ten_prefixes_and_fuzzy_terms_are_a_query_an_eleventh_is_refused_naming_q() {
        String ten = "dns* outage~1 certifcate~2 -cache* deploym* databse~1 the* x~2 internationalization~1 a*";

        for (String q : List.of(ten, "(" + ten + ")", ten + " plain words \\* 10~0")) {
            assertThat(parse(q)).as(q).isNotNull();
        }
        for (String q : List.of(ten + " b~1", "(" + ten + ") b*", "outage~1 ".repeat(11), "(x*) ".repeat(11))) {
            assertThatThrownBy(() -> parse(q)).as(q).isInstanceOfSatisfying(InvalidParameter.class, refused -> {
                assertThat(refused.parameter()).isEqualTo("q");
                assertThat(refused.rule()).contains("more than 10 prefixes (word*) and fuzzy terms");
            });
        }
    }

    @Test
    void a_prefix_or_fuzzy_term_of_more_than_twenty_characters_is_refused_naming_q() {
        assertThat(parse("internationalization~2 internationalization* internationalizations")).isNotNull();

        for (String q : List.of("internationalizations~1", "internationalizations*", "x".repeat(2_000) + "*")) {
            assertThatThrownBy(() -> parse(q)).as(q).isInstanceOfSatisfying(InvalidParameter.class, refused -> {
                assertThat(refused.parameter()).isEqualTo("q");
                assertThat(refused.rule()).contains("of more than 20 characters");
            });
        }
    }

    /** Regression: word~3 was searched as word~2 without a word, Lucene's automata stopping at two edits. */
    @Test
    void a_fuzzy_term_of_more_than_two_edits_is_refused_saying_the_most_while_a_bare_tilde_is_two() {
        assertThat(parse("certifcate~")).isEqualTo(parse("certifcate~2"));
        for (String q : List.of("\"tls certificate\"~3", "certifcate\\~3", "\"certifcate~3\"", "certifcate~x")) {
            assertThat(parse(q)).as("slop, escaped, quoted or not a distance: %s", q).isNotNull();
        }

        for (String q : List.of("certifcate~3", "dns certifcate~9", "(certifcate~3)", "-dns|certifcate~10 x")) {
            assertThatThrownBy(() -> parse(q)).as(q).isInstanceOfSatisfying(InvalidParameter.class, refused -> {
                assertThat(refused.parameter()).isEqualTo("q");
                assertThat(refused.rule()).contains("more than 2 edits").contains("2 is the most");
            });
        }
    }

    /** The words' query, a MUST, beside the bonus for neighbours found together, a SHOULD. */
    /** The bonuses the parser adds to what the words match (phrases of neighbours, every word), if any. */
    private static List<Query> bonuses(Query query) {
        if (query instanceof BooleanQuery group && group.clauses().size() >= 2
                && group.clauses().get(0).getOccur() == BooleanClause.Occur.MUST
                && group.clauses().stream().skip(1).allMatch(clause -> clause.getOccur() == BooleanClause.Occur.SHOULD)) {
            return group.clauses().stream().skip(1).map(BooleanClause::getQuery).toList();
        }
        return List.of();
    }

    private static boolean together(Query query) {
        return bonuses(query).stream()
                .anyMatch(bonus -> bonus instanceof BoostQuery boost && boost.getBoost() == SearchQueryParser.TOGETHER);
    }

    private static boolean everyWord(Query query) {
        return bonuses(query).stream().anyMatch(bonus -> bonus instanceof BooleanQuery every
                && every.clauses().stream().allMatch(clause -> clause.getOccur() == BooleanClause.Occur.MUST));
    }

    /** The query the words make joined by OR alone, as the parser joins them. */
    private static Query withoutTogether(Query query) {
        return bonuses(query).isEmpty() ? query : ((BooleanQuery) query).clauses().get(0).getQuery();
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
