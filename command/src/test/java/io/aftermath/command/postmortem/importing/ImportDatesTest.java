package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImportDatesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "2017-02-28T17:37:00Z | 2017-02-28T17:37:00Z",
            "2026-05-04T19:51:05.703409Z | 2026-05-04T19:51:05.703409Z",
            "2017-02-28T09:37:00-08:00 | 2017-02-28T17:37:00Z",
            "2017-02-28T18:37:00+0100 | 2017-02-28T17:37:00Z",
            "2012-06-13 21:16:00 | 2012-06-13T21:16:00Z",
            "2012-06-13 21:16 | 2012-06-13T21:16:00Z",
            "2012-06-13 21:16:00 UTC | 2012-06-13T21:16:00Z",
            "2012-06-13 23:16:00 +02:00 | 2012-06-13T21:16:00Z",
            "2012-06-13T21:16:00 | 2012-06-13T21:16:00Z",
            "2012-06-13 | 2012-06-13T00:00:00Z"})
    void accepted_spellings(String text, String expected) {
        assertThat(ImportDates.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "June 13, 2012", "2012-13-01", "2012-06-13T25:00:00Z", "1700000000",
            "2012-06-13 21:16:00 Europe/Paris", "2012-06-13T21:16:00Zjunk"})
    void anything_else_is_refused(String text) {
        assertThatThrownBy(() -> ImportDates.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blank_is_no_date(String text) {
        assertThat(ImportDates.parse(text)).isNull();
        assertThat(ImportDates.parse(null)).isNull();
    }
}
