package io.aftermath.shared.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What the Markdown reduction must do whatever the text: leave prose alone, take links apart, never fail. */
class MarkdownTextProperties {

    @Property(tries = 1000)
    void text_without_markdown_syntax_is_unchanged(@ForAll("prose") String prose) {
        assertThat(MarkdownText.plain(prose)).isEqualTo(prose);
    }

    @Property(tries = 1000)
    void a_link_or_image_leaves_its_text_and_neither_syntax_nor_url(@ForAll("prose") String before,
                                                                    @ForAll("words") String text,
                                                                    @ForAll("urls") String url,
                                                                    @ForAll boolean image,
                                                                    @ForAll("prose") String after) {
        // A url that the visible words happen to contain could not be told apart from them.
        Assume.that(!(before + " " + text + " " + after).contains(url));
        String markdown = before + " " + (image ? "!" : "") + "[" + text + "](" + url + ") " + after;

        String plain = MarkdownText.plain(markdown);

        assertThat(plain).isEqualTo(before + " " + text + " " + after).doesNotContain("](").doesNotContain(url);
    }

    /** Any text at all: no exception, and if anything is left, no blank line, no line with spaces at either end, no double space. */
    @Property(tries = 2000)
    void any_text_gives_tidy_lines(@ForAll("anything") String text) {
        String plain = MarkdownText.plain(text);

        for (String line : plain.isEmpty() ? new String[0] : plain.split("\n", -1)) {
            assertThat(line).isNotBlank().isEqualTo(line.strip()).doesNotContain("  ");
        }
    }

    /** A span's text is one tidy line whatever it holds, and a link inside it leaves only its text. */
    @Property(tries = 2000)
    void any_span_gives_one_tidy_line(@ForAll("anything") String text, @ForAll("words") String words,
                                      @ForAll("urls") String url) {
        Assume.that(!(text + " " + words).contains(url));
        String plain = MarkdownText.inline(text + " [" + words + "](" + url + ")");

        assertThat(plain).doesNotContain("\n").doesNotContain("  ").isEqualTo(plain.strip()).doesNotContain(url);
    }

    /** Letters, digits and the punctuation of prose, one space between words: no Markdown meaning. */
    @Provide
    Arbitrary<String> prose() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('é', 'ß', 'ж').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> punctuated = Combinators.combine(word, Arbitraries.of("", "", "", ".", ",", ";", ":", "?", "!",
                "'s", "-like", "/s", "%", " (sic)", " = 3", " @home")).as((w, p) -> w + p);
        return punctuated.list().ofMinSize(1).ofMaxSize(12).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6).list().ofMinSize(1)
                .ofMaxSize(4).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<String> urls() {
        return Combinators.combine(Arbitraries.of("https://", "http://", "", "../"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', '.', '/', '?', '=', '&', '#', '%')
                        .ofMinLength(1).ofMaxLength(30)).as((scheme, rest) -> scheme + "q" + rest);
    }

    /** Markdown's own characters, mixed with words and line breaks, to find inputs that break the rules. */
    @Provide
    Arbitrary<String> anything() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("#", "##", "*", "**", "_", "__", "`", "```", "~~",
                        "[", "]", "(", ")", "![", "](", "<", ">", "<b>", "</b>", "<!--", "-->", "\\", "&amp;", "&#0;",
                        "|", "-", "+", "1.", ":", "\"", "\n", "\n\n", "\r\n", "\t", " ", "  ", "\u00A0", "\uE000", "\uE001"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5), Arbitraries.strings().ofMaxLength(3));
        return piece.list().ofMaxSize(30).map(pieces -> String.join("", pieces));
    }
}
