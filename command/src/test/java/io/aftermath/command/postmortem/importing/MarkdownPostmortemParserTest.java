package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.error.ErrorCode;

class MarkdownPostmortemParserTest {

    private final MarkdownPostmortemParser parser = new MarkdownPostmortemParser();

    @Test
    void a_complete_document_keeps_every_field_and_its_body_after_the_front_matter() {
        PostmortemDraft draft = valid("full.md").postmortem();

        assertThat(draft.sourceId()).isEqualTo("6f1c2a7e-0000-4000-8000-00000000a001");
        assertThat(draft.title()).isEqualTo("Lumen Pay: card authorisations time out");
        assertThat(draft.company()).isEqualTo("Lumen");
        assertThat(draft.product()).isEqualTo("Lumen Pay");
        assertThat(draft.categories()).containsExactly("cloud", "config-change");
        assertThat(draft.keywords()).as("duplicates dropped").containsExactly("timeouts", "connection pool");
        assertThat(draft.startTime()).isEqualTo(Instant.parse("2024-03-05T09:12:00.123456Z"));
        assertThat(draft.endTime()).isEqualTo(Instant.parse("2024-03-05T10:40:00Z"));
        assertThat(draft.summary()).startsWith("A client library upgrade");
        assertThat(draft.url()).isEqualTo("https://status.example.test/incidents/42");
        assertThat(draft.body()).startsWith("# What happened").contains("A horizontal rule in the body is body");
        assertThat(valid("full.md").warnings()).isEmpty();
    }

    @Test
    void without_a_title_the_first_heading_outside_code_is_the_title_with_a_warning() {
        ParsedEntry.Valid entry = valid("heading-title.md");

        assertThat(entry.postmortem().title()).isEqualTo("Queue backlog after the Tuesday deploy");
        assertThat(entry.postmortem().product()).as("an empty string is no product").isNull();
        assertThat(entry.postmortem().startTime()).isEqualTo(Instant.parse("2012-06-13T21:16:00Z"));
        assertThat(entry.postmortem().endTime()).isEqualTo(Instant.parse("2012-06-14T00:00:00Z"));
        assertThat(entry.warnings()).singleElement().asString().contains("heading");
    }

    @Test
    void without_a_title_or_heading_the_company_and_the_first_sentence_name_it_with_a_warning() {
        ParsedEntry.Valid entry = valid("company-title.md");

        assertThat(entry.postmortem().title()).isEqualTo("Quill: A bad config took the editor down for everyone");
        assertThat(entry.warnings()).singleElement().asString().contains("Quill: A bad config");
    }

    @Test
    void nothing_to_name_it_by_makes_the_entry_invalid() {
        ParsedEntry.Invalid invalid = invalid("nothing-usable.md");

        assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
        assertThat(invalid.message()).contains("No title");
    }

    @Test
    void broken_yaml_is_unreadable_and_says_so() {
        ParsedEntry.Invalid invalid = invalid("bad-yaml.md");

        assertThat(invalid.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        // Tester 19: without where, "while parsing a flow sequence" left the author to hunt for it.
        assertThat(invalid.message()).startsWith("The front matter is not valid YAML at line 4, column ")
                .doesNotContain("while parsing");
    }

    @Test
    void unreadable_dates_are_reported_together() {
        ParsedEntry.Invalid invalid = invalid("bad-date.md");

        assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
        assertThat(invalid.message()).contains("start_time \"last tuesday\"")
                .contains("end_time \"2024-13-45T99:00:00Z\"");
    }

    @Test
    void front_matter_that_is_never_closed_is_unreadable() {
        assertThat(invalid("unclosed.md").message()).contains("never closed");
    }

    @Test
    void a_document_without_front_matter_is_read_from_its_heading() {
        ParsedEntry.Valid entry = valid("no-front-matter.md");

        assertThat(entry.postmortem().title()).isEqualTo("Search index rebuilt from an empty snapshot");
        assertThat(entry.postmortem().sourceId()).isNull();
        assertThat(entry.warnings()).hasSize(2).first().asString().contains("No front matter");
    }

    @Test
    void scalars_stay_the_text_that_was_written_and_a_summary_stands_in_for_a_missing_body() {
        ParsedEntry.Valid entry = valid("summary-only.md");

        assertThat(entry.postmortem().title()).isEqualTo("1984");
        assertThat(entry.postmortem().product()).isEqualTo("yes");
        assertThat(entry.postmortem().body()).isEqualTo("Only a summary was written.");
        assertThat(entry.warnings()).singleElement().asString().contains("summary stands in");
    }

    @Test
    void field_limits_make_the_entry_invalid() {
        String document = "---\ntitle: " + "t".repeat(ImportLimits.TITLE + 1) + "\ncompany: Quill\n---\n"
                + "b".repeat(ImportLimits.BODY + 1);

        ParsedEntry.Invalid invalid = (ParsedEntry.Invalid) one("long.md", document);

        assertThat(invalid.message()).contains("title has 201 characters").contains("body has 100001 characters");
    }

    @Test
    void yaml_tags_cannot_construct_objects_and_alias_bombs_are_refused() {
        String tagged = "---\ntitle: !!javax.script.ScriptEngineManager [x]\ncompany: Quill\n---\nbody\n";
        String bomb = "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                + "title: t\n---\nbody\n";

        assertThat(one("tagged.md", tagged)).isInstanceOf(ParsedEntry.Invalid.class);
        assertThat(one("bomb.md", bomb)).isInstanceOfSatisfying(ParsedEntry.Invalid.class,
                invalid -> assertThat(invalid.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST));
    }

    @Test
    void windows_line_endings_and_a_byte_order_mark_are_read_like_any_other_document() {
        String document = "\uFEFF---\r\ntitle: CRLF\r\ncompany: Quill\r\n---\r\nThe body.\r\n";

        assertThat(((ParsedEntry.Valid) one("crlf.md", document)).postmortem())
                .satisfies(draft -> {
                    assertThat(draft.title()).isEqualTo("CRLF");
                    assertThat(draft.body()).isEqualTo("The body.");
                });
    }

    @Test
    void blank_lines_and_whitespace_before_the_front_matter_do_not_hide_it() {
        String document = "\uFEFF\n  \n\t\n ---\ntitle: After blank lines\ncompany: Quill\n---\nThe body.\n";

        ParsedEntry.Valid entry = (ParsedEntry.Valid) one("blank-first.md", document);

        assertThat(entry.postmortem().title()).isEqualTo("After blank lines");
        assertThat(entry.postmortem().body()).isEqualTo("The body.");
        assertThat(entry.warnings()).isEmpty();
        assertThat(((ParsedEntry.Invalid) one("unclosed.md", "\n\n---\ntitle: t\n")).message())
                .contains("on line 3");
    }

    @Test
    void bytes_that_are_not_utf_8_are_refused_naming_the_byte_unless_a_charset_names_their_encoding() {
        byte[] latin1 = "---\ntitle: Z\u00fcrich is down\ncompany: Quill\n---\nThe body.\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        List<ParsedEntry> guessed = parser.parse("zurich.md", latin1, null);
        List<ParsedEntry> declared = parser.parse("zurich.md", latin1, StandardCharsets.ISO_8859_1);

        assertThat(guessed).singleElement().isInstanceOfSatisfying(ParsedEntry.Invalid.class, invalid -> {
            assertThat(invalid.code()).isEqualTo(ErrorCode.POSTMORTEM_INVALID);
            assertThat(invalid.message()).contains("Not valid UTF-8 at byte 12").contains("charset=");
        });
        assertThat(declared).singleElement().isInstanceOfSatisfying(ParsedEntry.Valid.class,
                valid -> assertThat(valid.postmortem().title()).isEqualTo("Z\u00fcrich is down"));
    }

    /** Tester 15: the second title won without a word, where a write's body refuses a member given twice. */
    @Test
    void a_key_given_twice_in_the_front_matter_is_refused_naming_it() {
        ParsedEntry parsed = one("twice.md", "---\ntitle: first title\ntitle: second title\n---\nBody.\n");

        assertThat(parsed).isInstanceOfSatisfying(ParsedEntry.Invalid.class, invalid -> {
            assertThat(invalid.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
            assertThat(invalid.message()).isEqualTo("The front matter gives the key title more than once");
        });
    }

    @Test
    void an_empty_document_is_invalid() {
        assertThat(one("empty.md", "")).isInstanceOf(ParsedEntry.Invalid.class);
        assertThat(one("null.md", null)).isInstanceOf(ParsedEntry.Invalid.class);
    }

    /** A document with front matter, or without entries of a link list, is one entry, as it always was. */
    private ParsedEntry one(String name, String document) {
        List<ParsedEntry> parsed = parser.parse(name, document);
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    private ParsedEntry.Valid valid(String fixture) {
        ParsedEntry parsed = one(fixture, Fixtures.read(fixture));
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedEntry.Valid.class);
        assertThat(parsed.entry()).isEqualTo(fixture);
        return (ParsedEntry.Valid) parsed;
    }

    private ParsedEntry.Invalid invalid(String fixture) {
        ParsedEntry parsed = one(fixture, Fixtures.read(fixture));
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedEntry.Invalid.class);
        return (ParsedEntry.Invalid) parsed;
    }
}
