package io.aftermath.shared.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {

    @Test
    void headings_lose_their_hashes_and_stand_on_a_line_of_their_own() {
        assertThat(MarkdownText.plain("# Role test import\nbody about ocelots"))
                .isEqualTo("Role test import\nbody about ocelots");
        assertThat(MarkdownText.plain("## Timeline ##\n### \n#hashtag stays")).isEqualTo("Timeline\n#hashtag stays");
    }

    @Test
    void links_become_their_text_and_images_their_alt_text() {
        assertThat(MarkdownText.plain("See [HN discussion](https://news.ycombinator.com/item?id=8003601)."))
                .isEqualTo("See HN discussion.");
        assertThat(MarkdownText.plain("[consequences.](https://www.youtube.com/watch?v=msXRFJ2ar_E \"video\")"))
                .isEqualTo("consequences.");
        assertThat(MarkdownText.plain("![the graph](graph.png) and [![badge](b.svg)](https://ci) and [ref][1]\n"
                + "[1]: https://example.org \"Example\"")).isEqualTo("the graph and badge and ref");
        assertThat(MarkdownText.plain("[Function (computing)](https://en.wikipedia.org/wiki/Function_(computing))"))
                .isEqualTo("Function (computing)");
        assertThat(MarkdownText.plain("mail <ops@example.org> or <https://status.example.org/a_b_c>"))
                .isEqualTo("mail ops@example.org or https://status.example.org/a_b_c");
    }

    @Test
    void emphasis_markers_go_but_underscores_inside_words_stay() {
        assertThat(MarkdownText.plain("**Bold**, *em*, ***both***, __strong__, _em_, ~~gone~~ and *nested **deep***"))
                .isEqualTo("Bold, em, both, strong, em, gone and nested deep");
        assertThat(MarkdownText.plain("max_connections and snake_case_name, 5 * 3 * 2"))
                .isEqualTo("max_connections and snake_case_name, 5 * 3 * 2");
        assertThat(MarkdownText.plain("*starts on one line\nends on the next*")).isEqualTo("starts on one line ends on the next");
    }

    @Test
    void code_keeps_its_text_without_backticks_or_fences() {
        assertThat(MarkdownText.plain("pulled `golang:1.24.9-alpine` and ``a `tick` **here**``"))
                .isEqualTo("pulled golang:1.24.9-alpine and a `tick` **here**");
        assertThat(MarkdownText.plain("Before:\n```yaml\nmax_idle: *2*\n   retries:   3\n```\nAfter."))
                .isEqualTo("Before:\nmax_idle: *2*\nretries: 3\nAfter.");
        assertThat(MarkdownText.plain("~~~\n<b>kept</b>\n~~~")).isEqualTo("<b>kept</b>");
    }

    @Test
    void list_bullets_and_quote_markers_go_and_numbers_stay() {
        assertThat(MarkdownText.plain("Steps:\n\n- restart the pool\n  * drain it\n+ [x] page the on-call\n"
                + "1. first\n2) second\n> quoted\n> > twice"))
                .isEqualTo("Steps:\nrestart the pool\ndrain it\npage the on-call\n1. first\n2) second\nquoted twice");
    }

    @Test
    void html_tags_and_comments_go_and_entities_become_characters() {
        assertThat(MarkdownText.plain("body about <b>ocelots</b><br/>and <span class=\"x\">lynxes</span>"))
                .isEqualTo("body about ocelots and lynxes");
        assertThat(MarkdownText.plain("a <!-- hidden\nstill hidden --> b")).isEqualTo("a b");
        assertThat(MarkdownText.plain("AT&amp;T said &lt;b&gt; &#42;not bold&#42; &#x1F600; &bogus; a < b > c"))
                .isEqualTo("AT&T said <b> *not bold* \uD83D\uDE00 &bogus; a < b > c");
    }

    @Test
    void escaped_punctuation_is_literal() {
        assertThat(MarkdownText.plain("\\*not em\\* \\# and \\[not](a link) \\`x\\` C:\\path"))
                .isEqualTo("*not em* # and [not](a link) `x` C:\\path");
    }

    @Test
    void rules_and_tables_reduce_to_their_cells() {
        assertThat(MarkdownText.plain("Title\n=====\n\n---\n| time | what |\n|:---|---:|\n| 10:01 | **paged** |\n***"))
                .isEqualTo("Title\ntime what\n10:01 paged");
    }

    @Test
    void inline_text_loses_links_emphasis_code_and_tags_but_keeps_block_markers() {
        assertThat(MarkdownText.inline("See [the bug](https://x.test/wiki/Bug_(software)), ![a graph](g.png)"
                + " and <https://x.test/raw>.")).isEqualTo("See the bug, a graph and https://x.test/raw.");
        assertThat(MarkdownText.inline("A [reference][1] link, a [collapsed][] one and [t](u 'single')"))
                .isEqualTo("A reference link, a collapsed one and t");
        assertThat(MarkdownText.inline("**Bold** and __strong__, *it* and _em_, ~~gone~~<br/>`a_b_c` vcl_fetch"))
                .isEqualTo("Bold and strong, it and em, gone a_b_c vcl_fetch");
        assertThat(MarkdownText.inline("2 \\* 3 is not \\*emphasis\\* and \\[not a link](x)"))
                .isEqualTo("2 * 3 is not *emphasis* and [not a link](x)");
        assertThat(MarkdownText.inline("- 1. # not blocks:\nocel<b>ots</b> x<sup>2</sup> <!-- gone --> AT&amp;T"))
                .isEqualTo("- 1. # not blocks: ocelots x2 AT&T");
        assertThat(MarkdownText.inline(null)).isNull();
    }

    @Test
    void underscores_inside_a_word_stay_even_doubled() {
        assertThat(MarkdownText.plain("foo__bar__baz and __strong__")).isEqualTo("foo__bar__baz and strong");
    }

    @Test
    void whitespace_collapses_and_paragraph_lines_join() {
        assertThat(MarkdownText.plain("  one\r\n\ttwo  three\n\n\n\nfour\u00A0five  \\\nsix")).isEqualTo("one two three\nfour five six");
        assertThat(MarkdownText.plain("")).isEmpty();
        assertThat(MarkdownText.plain(null)).isNull();
    }
}
