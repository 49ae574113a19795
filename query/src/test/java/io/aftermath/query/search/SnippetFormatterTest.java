package io.aftermath.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class SnippetFormatterTest {

    private final SnippetFormatter formatter = new SnippetFormatter();

    @Test
    void a_sentence_of_ordinary_length_is_given_whole_with_its_matches_marked_and_the_rest_escaped() {
        String text = "The <b> tag & the DNS outage.";

        assertThat(format(text, text.indexOf("DNS"), "DNS")).isEqualTo("The &lt;b&gt; tag &amp; the <b>DNS</b> outage.");
    }

    /** Tester 31: a lesson written as one sentence came back whole, 7,000 characters, as its snippet. */
    @Test
    void a_long_sentence_is_cut_around_its_first_match_at_spaces_and_marked_where_it_was_cut() {
        String text = "word ".repeat(600) + "certificate expired " + "word ".repeat(600);

        String snippet = format(text, text.indexOf("certificate"), "certificate");

        assertThat(snippet).startsWith("…word ").endsWith(" word…").contains("<b>certificate</b> expired");
        assertThat(snippet.replace("<b>", "").replace("</b>", "").length())
                .isLessThanOrEqualTo(SnippetFormatter.LONGEST + 2);
        assertThat(snippet.indexOf("<b>")).isBetween(80, 110);
    }

    /** Tester 34: a match 60 characters before the end got a snippet of 120. */
    @Test
    void a_long_sentence_matching_near_its_end_shows_more_of_what_comes_before() {
        String text = "word ".repeat(600) + "certificate expired for good";

        String snippet = format(text, text.indexOf("certificate"), "certificate");

        assertThat(snippet).startsWith("…word ").endsWith("expired for good");
        assertThat(snippet.replace("<b>", "").replace("</b>", "").length()).isBetween(SnippetFormatter.LONGEST - 5,
                SnippetFormatter.LONGEST + 1);
    }

    @Test
    void a_long_sentence_matching_near_its_start_is_cut_at_its_end_only() {
        String text = "Certificate expired " + "word ".repeat(600);

        assertThat(format(text, 0, "Certificate")).startsWith("<b>Certificate</b> expired word").endsWith("word…");
    }

    @Test
    void a_cut_inside_one_very_long_word_drops_half_an_emoji_rather_than_send_it() {
        String text = "outages" + "\ud83d\ude00".repeat(400);

        String snippet = format(text, 0, "outages");

        assertThat(snippet).startsWith("<b>outages</b>\ud83d\ude00").endsWith("\ud83d\ude00…");
        assertThat(snippet.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)).isTrue();
    }

    private String format(String text, int matchStart, String match) {
        Passage passage = new Passage();
        passage.setStartOffset(0);
        passage.setEndOffset(text.length());
        passage.addMatch(matchStart, matchStart + match.length(), new BytesRef(match), 1);
        return formatter.format(new Passage[] {passage}, text);
    }
}
