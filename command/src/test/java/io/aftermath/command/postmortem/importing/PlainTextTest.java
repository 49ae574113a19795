package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void links_images_and_autolinks_become_their_text() {
        assertThat(PlainText.of("See [the bug](https://x.test/wiki/Bug_(software)), ![a graph](g.png)"
                + " and <https://x.test/raw>.")).isEqualTo("See the bug, a graph and https://x.test/raw.");
        assertThat(PlainText.of("A [reference][1] link")).isEqualTo("A reference link");
    }

    @Test
    void emphasis_code_and_tags_lose_their_syntax_but_snake_case_and_escapes_stay_text() {
        assertThat(PlainText.of("**Bold** and __strong__, *it* and _em_, ~~gone~~<br/>`a_b_c` vcl_fetch"))
                .isEqualTo("Bold and strong, it and em, gone a_b_c vcl_fetch");
        assertThat(PlainText.of("2 \\* 3 is not \\*emphasis\\* and \\[not a link](x)"))
                .isEqualTo("2 * 3 is not *emphasis* and [not a link](x)");
    }

    @Test
    void the_first_sentence_skips_initials_and_abbreviations() {
        assertThat(PlainText.firstSentence("Down in the U.S. Midwest, e.g. Ohio. Then up."))
                .isEqualTo("Down in the U.S. Midwest, e.g. Ohio.");
        assertThat(PlainText.firstSentence("On 18 Nov. 2025 it broke! Nobody knew why."))
                .isEqualTo("On 18 Nov. 2025 it broke!");
        assertThat(PlainText.firstSentence("No end")).isEqualTo("No end");
    }
}
