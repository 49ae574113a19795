package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void the_first_sentence_skips_initials_and_abbreviations() {
        assertThat(Sentences.first("Down in the U.S. Midwest, e.g. Ohio. Then up."))
                .isEqualTo("Down in the U.S. Midwest, e.g. Ohio.");
        assertThat(Sentences.first("On 18 Nov. 2025 it broke! Nobody knew why."))
                .isEqualTo("On 18 Nov. 2025 it broke!");
        assertThat(Sentences.first("No end")).isEqualTo("No end");
    }
}
