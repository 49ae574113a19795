package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitlesTest {

    /** Titles of real imports read "Basecamp Basecamp incident" and "Gitlab GitLab .com incident". */
    @Test
    void a_company_named_again_by_its_product_is_named_once() {
        assertThat(Titles.ofNames("Basecamp", "Basecamp")).isEqualTo("Basecamp incident");
        assertThat(Titles.ofNames("Gitlab", "GitLab .com")).isEqualTo("GitLab .com incident");
        assertThat(Titles.ofNames("Amazon Web Services", "Web Services")).isEqualTo("Amazon Web Services incident");
        assertThat(Titles.ofNames("Quill", "Inkpot")).isEqualTo("Quill Inkpot incident");
        assertThat(Titles.ofNames("Quill", null)).isEqualTo("Quill incident");
    }

    @Test
    void a_first_sentence_of_fewer_than_three_words_names_nothing() {
        assertThat(Titles.ofSummary("Quill", "Slow. Then it stopped for an hour.")).isNull();
        assertThat(Titles.ofSummary("Basecamp", "In November 2018 a database hit the integer limit. It was read-only."))
                .isEqualTo("Basecamp: In November 2018 a database hit the integer limit");
    }
}
