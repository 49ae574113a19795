package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.error.ErrorCode;

class NdjsonPostmortemParserTest {

    private final NdjsonPostmortemParser parser = new NdjsonPostmortemParser();

    @Test
    void every_non_blank_line_is_an_entry_named_by_its_line_number() {
        List<ParsedEntry> entries = parse("batch.ndjson", Fixtures.read("batch.ndjson"));

        assertThat(entries).extracting(ParsedEntry::entry).containsExactly("batch.ndjson line 1",
                "batch.ndjson line 3", "batch.ndjson line 4", "batch.ndjson line 5", "batch.ndjson line 6",
                "batch.ndjson line 7");
        assertThat(entries).extracting(entry -> entry instanceof ParsedEntry.Valid)
                .containsExactly(true, true, false, false, false, false);
    }

    @Test
    void snake_case_fields_are_read() {
        PostmortemDraft draft = valid(0).postmortem();

        assertThat(draft.sourceId()).isEqualTo("6f1c2a7e-0000-4000-8000-00000000b001");
        assertThat(draft.title()).isEqualTo("Cache stampede after a flush");
        assertThat(draft.categories()).containsExactly("cache");
        assertThat(draft.keywords()).containsExactly("stampede", "ttl");
        assertThat(draft.startTime()).isEqualTo(Instant.parse("2023-02-01T10:00:00Z"));
        assertThat(draft.body()).isEqualTo("All cached keys expired at once.");
    }

    @Test
    void camel_case_fields_a_single_category_and_spaced_dates_are_read() {
        PostmortemDraft draft = valid(1).postmortem();

        assertThat(draft.sourceId()).isEqualTo("6f1c2a7e-0000-4000-8000-00000000b002");
        assertThat(draft.categories()).containsExactly("dns");
        assertThat(draft.startTime()).isEqualTo(Instant.parse("2022-11-30T08:00:00Z"));
        assertThat(draft.endTime()).isEqualTo(Instant.parse("2022-11-30T00:00:00Z"));
        assertThat(valid(1).warnings()).singleElement().asString().contains("end_time is before start_time");
    }

    @Test
    void bad_json_a_non_object_and_bad_dates_are_reported_per_line() {
        List<ParsedEntry> entries = parse(null, Fixtures.read("batch.ndjson"));

        assertThat((ParsedEntry.Invalid) entries.get(2)).satisfies(invalid -> {
            assertThat(invalid.entry()).isEqualTo("line 4");
            assertThat(invalid.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        });
        assertThat((ParsedEntry.Invalid) entries.get(3)).satisfies(invalid ->
                assertThat(invalid.message()).contains("one JSON object"));
        assertThat((ParsedEntry.Invalid) entries.get(4)).satisfies(invalid -> {
            assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
            assertThat(invalid.message()).contains("start_time \"yesterday\"");
        });
        assertThat(((ParsedEntry.Invalid) entries.get(5)).message()).as("a number is not a date")
                .contains("start_time \"1700000000\"");
    }

    @Test
    void a_line_without_title_body_or_date_is_named_after_the_company_and_takes_its_summary_as_body() {
        ParsedEntry parsed = parse(null, "{\"company\":\"Quill\",\"product\":\"Feed\",\"summary\":\"Slow.\"}")
                .get(0);

        assertThat(parsed).isInstanceOfSatisfying(ParsedEntry.Valid.class, valid -> {
            assertThat(valid.postmortem().title()).isEqualTo("Quill Feed incident");
            assertThat(valid.postmortem().body()).isEqualTo("Slow.");
            assertThat(valid.warnings()).hasSize(2);
        });
    }

    @Test
    void a_number_is_not_a_date_and_a_list_is_not_a_title() {
        String lines = "{\"title\":\"t\",\"company\":\"Quill\",\"body\":\"b\",\"start_time\":1700000000}\n"
                + "{\"title\":[\"t\"],\"company\":\"Quill\",\"body\":\"b\",\"keywords\":{\"a\":1}}\n"
                + "{\"title\":\"t\",\"body\":\"b\"} trailing\n";

        List<ParsedEntry> entries = parse(null, lines);

        assertThat(entries).allSatisfy(entry -> assertThat(entry).isInstanceOf(ParsedEntry.Invalid.class));
        assertThat(((ParsedEntry.Invalid) entries.get(1)).message()).contains("title must be text")
                .contains("keywords must be an array");
    }

    /**
     * Tester 15: a member given twice was read as its last value, and two refusals named Jackson's classes and
     * settings.
     */
    @Test
    void a_member_given_twice_two_objects_on_a_line_and_deep_nesting_are_refused_in_plain_words() {
        String deep = "[".repeat(1_001) + "]".repeat(1_001);
        String lines = "{\"title\":\"a\",\"title\":\"b\",\"body\":\"b\"}\n"
                + "{\"title\":\"a\",\"body\":\"b\"}{\"title\":\"c\",\"body\":\"d\"}\n"
                + "{\"title\":\"a\",\"body\":\"b\",\"keywords\":" + deep + "}\n";

        List<String> refusals = parse(null, lines).stream().map(entry -> ((ParsedEntry.Invalid) entry).message())
                .toList();

        assertThat(refusals.get(0)).isEqualTo("The member title is given more than once");
        assertThat(refusals.get(1)).isEqualTo("The line has more after its JSON object");
        assertThat(refusals.get(2)).contains("nesting depth").doesNotContain("`").doesNotContain("StreamReadConstraints");
    }

    @Test
    void a_date_that_falls_outside_the_years_0000_to_9999_in_utc_makes_the_entry_invalid() {
        String line = "{\"title\":\"t\",\"body\":\"b\",\"start_time\":\"0000-01-01T00:30:00+01:00\","
                + "\"end_time\":\"9999-12-31T23:00:00-05:00\"}";

        ParsedEntry.Invalid invalid = (ParsedEntry.Invalid) parse(null, line).get(0);

        assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
        assertThat(invalid.message())
                .contains("start_time \"0000-01-01T00:30:00+01:00\" must lie in the years 0000 to 9999")
                .contains("end_time \"9999-12-31T23:00:00-05:00\" must lie in the years 0000 to 9999");
    }

    @Test
    void a_line_that_is_not_utf_8_is_refused_naming_the_byte_and_the_other_lines_are_read() {
        byte[] first = "{\"title\":\"Gr\u00fc\u00dfe\",\"body\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"title\":\"Z\u00fcrich\",\"body\":\"b\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] upload = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();

        List<ParsedEntry> entries = parser.parse("mixed.ndjson", upload, null);

        assertThat(entries).hasSize(2);
        assertThat(((ParsedEntry.Valid) entries.get(0)).postmortem().title()).isEqualTo("Gr\u00fc\u00dfe");
        assertThat((ParsedEntry.Invalid) entries.get(1)).satisfies(invalid -> {
            assertThat(invalid.entry()).isEqualTo("mixed.ndjson line 2");
            assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
            assertThat(invalid.message()).contains("Not valid UTF-8 at byte 11:");
        });
        assertThat(parser.parse(null, second, StandardCharsets.ISO_8859_1)).singleElement()
                .isInstanceOfSatisfying(ParsedEntry.Valid.class,
                        valid -> assertThat(valid.postmortem().title()).isEqualTo("Z\u00fcrich"));
    }

    @Test
    void the_bad_byte_of_a_line_is_counted_in_bytes_from_the_start_of_that_line() {
        byte[] first = "{\"title\":\"First\",\"body\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] read = "{\"title\":\"Gr\u00fc\u00dfe ".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "\",\"body\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] upload = ByteBuffer.allocate(first.length + read.length + 1 + rest.length)
                .put(first).put(read).put((byte) 0xff).put(rest).array();

        assertThat(parser.parse(null, upload, null)).last().isInstanceOfSatisfying(ParsedEntry.Invalid.class,
                invalid -> assertThat(invalid.message()).as("ü and ß are two bytes each")
                        .contains("Not valid UTF-8 at byte " + read.length + ":").contains("at byte 18:"));
    }

    /** Before, such a file went unanswered: an upload of it reported nothing at all (tester 19). */
    @Test
    void a_document_without_a_line_to_read_is_one_empty_entry() {
        for (String empty : List.of("", "\n  \n")) {
            assertThat(parse(null, empty)).singleElement().isInstanceOfSatisfying(ParsedEntry.Invalid.class,
                    invalid -> assertThat(List.of(invalid.entry(), invalid.message()))
                            .containsExactly("document", "The document is empty"));
        }
        assertThat(parse("blank.ndjson", "\n")).extracting(ParsedEntry::entry).containsExactly("blank.ndjson");
    }

    /** As a bare NDJSON upload sends it: UTF-8 without a charset. */
    private List<ParsedEntry> parse(String file, String document) {
        return parser.parse(file, document.getBytes(StandardCharsets.UTF_8), null);
    }

    private ParsedEntry.Valid valid(int index) {
        ParsedEntry parsed = parse(null, Fixtures.read("batch.ndjson")).get(index);
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedEntry.Valid.class);
        return (ParsedEntry.Valid) parsed;
    }
}
