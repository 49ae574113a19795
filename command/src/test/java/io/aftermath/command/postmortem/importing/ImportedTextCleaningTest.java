package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Imported text is made plain text in every format, never refused for it: control characters other
 * than tab and line breaks are removed, half of a surrogate pair becomes U+FFFD, and the entry's
 * warning says so.
 */
class ImportedTextCleaningTest {

    @Test
    void front_matter_escapes_raw_control_characters_and_the_body_are_cleaned_with_one_warning() {
        String document = "---\ntitle: \"Bell\\a and null\\0 and next line\\N\"\ncompany: Qu\u0001ill\n"
                + "keywords: [\"a\\x07b\"]\n---\nThe body\u0000 keeps\ttabs.\r\n";

        ParsedEntry.Valid entry = valid(new MarkdownPostmortemParser().parse("bell.md", document));

        assertThat(entry.postmortem().title()).isEqualTo("Bell and null and next line");
        assertThat(entry.postmortem().company()).isEqualTo("Quill");
        assertThat(entry.postmortem().keywords()).containsExactly("ab");
        assertThat(entry.postmortem().body()).isEqualTo("The body keeps\ttabs.");
        assertThat(entry.warnings()).containsExactly("The text was cleaned: removed 6 control characters");
    }

    @Test
    void a_heading_that_names_a_document_without_front_matter_is_cleaned_before_it_is_the_title() {
        ParsedEntry.Valid entry = valid(new MarkdownPostmortemParser().parse("plain.md",
                "# Outage\u001b[31m of the feed\n\nThe feed was down.\n"));

        assertThat(entry.postmortem().title()).isEqualTo("Outage[31m of the feed");
        assertThat(entry.warnings()).contains("The text was cleaned: removed 1 control character");
    }

    @Test
    void ndjson_escapes_and_raw_control_characters_are_removed_and_lone_surrogates_replaced() {
        String line = "{\"title\":\"Null\\u0000 and \\ud800half\",\"company\":\"Qu\u0007ill\","
                + "\"body\":\"Next\\u0085line\",\"categories\":[\"\\udc00\"]}";

        ParsedEntry.Valid entry = valid(ndjson(line));

        assertThat(entry.postmortem().title()).isEqualTo("Null and \uFFFDhalf");
        assertThat(entry.postmortem().company()).isEqualTo("Quill");
        assertThat(entry.postmortem().body()).isEqualTo("Nextline");
        assertThat(entry.postmortem().categories()).containsExactly("\uFFFD");
        assertThat(entry.warnings()).containsExactly(
                "The text was cleaned: removed 3 control characters, replaced 2 unpaired surrogates with U+FFFD");
    }

    @Test
    void a_value_of_nothing_but_control_characters_is_absent() {
        ParsedEntry.Valid entry = valid(ndjson("{\"title\":\"t\",\"product\":\"\\u0000 \\u0001\",\"body\":\"b\"}"));

        assertThat(entry.postmortem().product()).isNull();
    }

    /** Before, a title of one zero-width space was kept, and the post-mortem was named by nothing visible. */
    @Test
    void a_value_that_shows_nothing_is_absent_as_a_blank_one_is() {
        ParsedEntry.Valid entry = valid(ndjson("{\"title\":\"\\u200b\",\"company\":\"Quill\",\"product\":\"\\u00a0\","
                + "\"keywords\":[\"db\",\"\\ufeff\"],\"body\":\"The feed was down for an hour.\"}"));

        assertThat(entry.postmortem().title()).isEqualTo("Quill: The feed was down for an hour");
        assertThat(entry.postmortem().product()).isNull();
        assertThat(entry.postmortem().keywords()).containsExactly("db");
    }

    @Test
    void each_entry_of_a_link_list_is_cleaned_and_warned_about_on_its_own() {
        String list = "[Quill](https://q.example/1). The router\u0007 sent every request to one zone.\n\n"
                + "[Inkpot](https://i.example/1). An expired delegation hid the editor.\n\n"
                + "[Lumen](https://l.example/1). A pool\u0000 of connections ran dry.\n";

        List<ParsedEntry> entries = new MarkdownPostmortemParser().parse("list.md", list);

        assertThat(valid(entries.get(0)).postmortem().summary())
                .isEqualTo("The router sent every request to one zone.");
        assertThat(valid(entries.get(0)).warnings()).contains("The text was cleaned: removed 1 control character");
        assertThat(valid(entries.get(1)).warnings()).noneMatch(warning -> warning.contains("cleaned"));
        assertThat(valid(entries.get(2)).warnings()).contains("The text was cleaned: removed 1 control character");
    }

    private static List<ParsedEntry> ndjson(String lines) {
        return new NdjsonPostmortemParser().parse(null, lines.getBytes(StandardCharsets.UTF_8), null);
    }

    private static ParsedEntry.Valid valid(List<ParsedEntry> parsed) {
        assertThat(parsed).hasSize(1);
        return valid(parsed.get(0));
    }

    private static ParsedEntry.Valid valid(ParsedEntry parsed) {
        assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedEntry.Valid.class);
        return (ParsedEntry.Valid) parsed;
    }
}
