package io.aftermath.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Before (tester 24): names lost only what String.strip knows, so "dana\u00a0" missed ?assignee=dana. */
class StripTest {

    @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            " dana |dana",
            "\tdana\u00a0|dana",
            "\u200bsupport\ufeff|support",
            "\u3000carol\u00a0|carol",
            "\u00a0web\u3000|web",
            "a b|a b",
            "a\u00a0b|a\u00a0b",
            "Jose\u0301|Jose\u0301",
            "\u3164x\u2800|x"})
    void the_blanks_around_a_name_go_and_what_it_holds_stays(String given, String stripped) {
        assertThat(PlainText.strip(given)).isEqualTo(stripped);
    }
}
