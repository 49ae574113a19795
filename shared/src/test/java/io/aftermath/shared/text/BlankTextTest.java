package io.aftermath.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text is blank when a reader would see nothing in it; String.isBlank said no to a lone U+200B, and (tester 7)
 * a title of one Hangul filler, braille blank, combining accent or U+FFFE was taken.
 */
class BlankTextTest {

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" \t\r\n", "\u00a0", "\u2007", "\u202f", "\u3000", "\u200b", "\u200d", "\u2060", "\ufeff",
            "\u00ad", "\u2028", " \u200b\u00a0\ufeff ", "\u0000", "\u3164", "\u115f\u1160", "\uffa0", "\u2800",
            "\u0301", " \u20dd ", "\ufffe", "\ufdd0", "\udbff\udfff", "\ud834\udd59"})
    void text_of_whitespace_space_separators_and_format_characters_only_is_blank(String text) {
        assertThat(PlainText.isBlank(text)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a", "\u200ba\u200b", "\u00a0.", "é", "e\u0301", "\ud83d\ude00", "\u3042", "\u2801",
            "\u0915\u093f"})
    void text_with_a_visible_character_is_not_blank(String text) {
        assertThat(PlainText.isBlank(text)).isFalse();
    }
}
