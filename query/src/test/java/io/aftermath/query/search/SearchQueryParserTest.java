package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.support.Allocated;

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

            assertThat(parse(words)).as(words).isEqualTo(parse(grouped));
        }
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

    private Object parse(String q) {
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
