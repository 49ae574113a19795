package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AbbreviationAwareSentencesTest {

    /** Tester 31: Java's rules ended a sentence at "e.g." before a capital. */
    @Test
    void no_sentence_ends_at_a_common_abbreviation() {
        assertThat(sentences("Use a cache, e.g. Redis, for sessions. Then go."))
                .containsExactly("Use a cache, e.g. Redis, for sessions. ", "Then go.");
        assertThat(sentences("We paged Dr. Smith (i.e. Support) in U.S. East. It held."))
                .containsExactly("We paged Dr. Smith (i.e. Support) in U.S. East. ", "It held.");
    }

    @Test
    void other_sentences_end_where_they_did() {
        assertThat(sentences("Version 2.4.1 broke. We rolled back at 3 a.m. Nobody noticed."))
                .containsExactly("Version 2.4.1 broke. ", "We rolled back at 3 a.m. ", "Nobody noticed.");
    }

    @Test
    void boundaries_are_the_same_walked_back_from_the_end_or_found_around_an_offset() {
        String text = "Use a cache, e.g. Redis, for sessions. Then go. Done.";
        BreakIterator iterator = new AbbreviationAwareSentences();
        iterator.setText(new StringCharacterIterator(text));
        List<Integer> backwards = new ArrayList<>();
        for (int boundary = iterator.last(); boundary != BreakIterator.DONE; boundary = iterator.previous()) {
            backwards.add(0, boundary);
        }

        assertThat(backwards).containsExactly(0, text.indexOf("Then"), text.indexOf("Done"), text.length());
        assertThat(iterator.following(text.indexOf("Redis"))).isEqualTo(text.indexOf("Then"));
        assertThat(iterator.preceding(text.indexOf("Redis"))).isZero();
    }

    private static List<String> sentences(String text) {
        BreakIterator iterator = new AbbreviationAwareSentences();
        iterator.setText(text);
        List<String> found = new ArrayList<>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
            found.add(text.substring(start, end));
        }
        return found;
    }
}
