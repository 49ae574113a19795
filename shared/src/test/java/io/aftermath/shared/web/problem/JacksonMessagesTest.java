package io.aftermath.shared.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tester 15: a body nested 1,001 deep was refused naming StreamReadConstraints.getMaxNestingDepth(); tester 75: an
 * unclosed object, naming StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.
 */
class JacksonMessagesTest {

    @Test
    void jacksons_own_names_are_taken_out_of_what_a_refusal_says() {
        JsonProcessingException deep = readTree("[".repeat(1_001) + "]".repeat(1_001));

        assertThat(JacksonMessages.plain(deep.getOriginalMessage()))
                .isEqualTo("Document nesting depth (1001) exceeds the maximum allowed (1000)");
        assertThat(JacksonMessages.plain("Trailing token (of type START_OBJECT) found after value (bound as "
                + "`com.fasterxml.jackson.databind.JsonNode`): not allowed as per "
                + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"))
                .isEqualTo("Trailing token (of type START_OBJECT) found after value");
        assertThat(JacksonMessages.plain(readTree("{\"title\":\"a\"").getOriginalMessage()))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (start marker at line: 1, column: 1)");
        assertThat(JacksonMessages.plain(null)).isEmpty();
    }

    private static JsonProcessingException readTree(String json) {
        try {
            new ObjectMapper().readTree(json);
        } catch (JsonProcessingException refused) {
            return refused;
        }
        throw new AssertionError("read " + json.length() + " characters");
    }
}
