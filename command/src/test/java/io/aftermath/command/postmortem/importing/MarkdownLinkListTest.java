package io.aftermath.command.postmortem.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A Markdown list of linked post-mortems (Dan Luu's shape) is read as one post-mortem per entry. */
class MarkdownLinkListTest {

    private static final Path DANLUU = Path.of(System.getProperty("aftermath.test.data", "/work/shared/data"),
            "danluu-post-mortems.md");

    private final MarkdownPostmortemParser parser = new MarkdownPostmortemParser();

    @Test
    void each_entry_of_a_link_list_is_its_own_post_mortem_and_the_rest_is_left_out() {
        List<ParsedEntry> entries = parser.parse("list.md", Fixtures.read("link-list.md"));

        assertThat(entries).extracting(ParsedEntry::entry).containsExactly(
                "list.md line 13 (Quill)", "list.md line 15 (Inkpot)", "list.md line 19 (Lumen Pay)",
                "list.md line 27 (Gyre Storage)", "list.md line 29 (Quill)");
        assertThat(entries.get(4)).isEqualTo(new ParsedEntry.Repeat("list.md line 29 (Quill)",
                "list.md line 13 (Quill)"));
    }

    @Test
    void an_entry_keeps_its_link_as_url_and_identity_and_its_summary_as_plain_text() {
        PostmortemDraft quill = valid(0).postmortem();

        assertThat(quill.company()).isEqualTo("Quill");
        assertThat(quill.url()).isEqualTo("https://status.quill.example/incidents/2019-03-04");
        assertThat(quill.sourceId()).isEqualTo(quill.url());
        assertThat(quill.summary()).isEqualTo("A bad rollout of the router.yaml file sent every request to one"
                + " zone. The zone's load balancer gave up after ten minutes.");
        assertThat(quill.body()).isEqualTo(quill.summary());
        assertThat(quill.title()).isEqualTo("Quill: A bad rollout of the router.yaml file sent every request to"
                + " one zone");
        assertThat(quill.categories()).as("its own heading, then the heading of its repeat")
                .containsExactly("Config Errors", "Hardware/Power Failures");
        assertThat(quill.startTime()).isNull();
    }

    @Test
    void inline_links_lose_their_addresses_even_with_parentheses_and_titles_and_lines_join() {
        PostmortemDraft inkpot = valid(1).postmortem();

        assertThat(inkpot.summary()).isEqualTo("An expired DNS delegation made the editor unreachable for two"
                + " hours; see the registrar's notice and this follow-up.");
        assertThat(inkpot.categories()).containsExactly("Config Errors");
    }

    @Test
    void the_title_ends_at_the_first_sentence_not_at_an_abbreviation_and_see_also_links_stay_in_the_body() {
        PostmortemDraft lumen = valid(2).postmortem();

        assertThat(lumen.title()).isEqualTo("Lumen Pay: A feature flag meant for staging was switched on in"
                + " production for all card payments, e.g. in the U.S. Virgin Islands");
        assertThat(lumen.url()).isEqualTo("https://lumen.example/postmortems/42");
        assertThat(lumen.body()).isEqualTo(lumen.summary() + "\n\nSee also: https://news.example/lumen-42");
    }

    @Test
    void one_paragraph_left_out_is_counted_in_the_singular() {
        String list = "A list of outages.\n\n" + IntStream.rangeClosed(1, 3)
                .mapToObj(n -> "[Acme](https://acme.example/pm/" + n + "). The cache went cold again.")
                .collect(Collectors.joining("\n\n"));

        List<ParsedEntry> entries = new MarkdownPostmortemParser().parse("list.md", list);

        assertThat(((ParsedEntry.Valid) entries.get(0)).warnings()).singleElement().asString()
                .endsWith("1 other paragraph was left out");
    }

    @Test
    void the_first_entry_says_how_the_document_was_read() {
        assertThat(valid(0).warnings()).singleElement().asString()
                .contains("list of 5 linked post-mortems").contains("8 other paragraphs were left out");
        assertThat(valid(1).warnings()).isEmpty();
    }

    @Test
    void a_long_first_sentence_is_shortened_to_the_title_limit_with_a_warning() {
        String list = entries(3) + "[Quill](https://quill.example/long). " + "word ".repeat(100) + "end.\n";

        ParsedEntry.Valid last = (ParsedEntry.Valid) parser.parse("long.md", list).get(3);

        assertThat(last.postmortem().title()).hasSizeLessThanOrEqualTo(ImportLimits.TITLE).endsWith(" word…");
        assertThat(last.warnings()).singleElement().asString().contains("shortened");
    }

    @Test
    void an_entry_over_a_field_limit_is_invalid_like_any_other_post_mortem() {
        String list = entries(3) + "[Quill](https://quill.example/huge). Every " + "word ".repeat(2_500) + "\n";

        assertThat(parser.parse("huge.md", list).get(3)).isInstanceOfSatisfying(ParsedEntry.Invalid.class,
                invalid -> assertThat(invalid.message()).contains("summary has").contains("at most 10000"));
    }

    @Test
    void a_url_too_long_for_an_id_is_identified_by_its_digest() {
        String url = "https://quill.example/" + "a".repeat(ImportLimits.SOURCE_ID);

        PostmortemDraft draft = ((ParsedEntry.Valid) parser.parse("url.md",
                entries(3) + "[Quill](" + url + "). The long address still names it.\n").get(3)).postmortem();

        assertThat(draft.url()).isEqualTo(url);
        assertThat(draft.sourceId()).matches("url-sha256:[0-9a-f]{64}");
    }

    @Test
    void fewer_than_three_entries_or_front_matter_leave_the_document_one_post_mortem() {
        assertThat(parser.parse("two.md", entries(2))).singleElement()
                .isInstanceOfSatisfying(ParsedEntry.Valid.class, valid -> assertThat(valid.warnings().get(0))
                        .contains("No front matter"));
        assertThat(parser.parse("front.md", "---\ntitle: A list\ncompany: Quill\n---\n" + entries(5)))
                .singleElement().isInstanceOfSatisfying(ParsedEntry.Valid.class,
                        valid -> assertThat(valid.postmortem().title()).isEqualTo("A list"));
    }

    @Test
    void a_link_followed_by_a_short_label_or_other_text_is_not_an_entry() {
        String list = entries(3) + "[Quill](https://quill.example/a). Went down.\n\n"
                + "[Quill](https://quill.example/b) went down for an hour.\n\n"
                + "[Quill](#quill). An anchor is no post-mortem.\n\n"
                + "- [Quill](https://quill.example/c). A list item is no entry either.\n";

        assertThat(parser.parse("short.md", list)).hasSize(3);
    }

    /** The real collection, when the public data set is mounted. */
    @Test
    void dan_luus_list_reads_as_one_post_mortem_per_entry() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(DANLUU),
                "No " + DANLUU + " here: the public data set is not mounted");

        List<ParsedEntry> entries = parser.parse("danluu.md", Files.readString(DANLUU));

        List<PostmortemDraft> drafts = entries.stream().filter(ParsedEntry.Valid.class::isInstance)
                .map(entry -> ((ParsedEntry.Valid) entry).postmortem()).toList();
        Map<String, Long> perCategory = drafts.stream().collect(Collectors.groupingBy(
                draft -> String.join(",", draft.categories()), TreeMap::new, Collectors.counting()));
        System.out.printf("danluu: %d entries, %d valid, per category %s%n", entries.size(), drafts.size(),
                perCategory);
        assertThat(entries).hasSize(190).allSatisfy(entry -> assertThat(entry)
                .isInstanceOf(ParsedEntry.Valid.class));
        assertThat(drafts).allSatisfy(draft -> {
            assertThat(draft.company()).isNotBlank();
            assertThat(draft.url()).startsWith("http").isEqualTo(draft.sourceId());
            assertThat(draft.summary()).isNotBlank().doesNotContain("](").doesNotContain("**").doesNotContain("`");
            assertThat(draft.title()).startsWith(draft.company() + ": ").hasSizeLessThanOrEqualTo(ImportLimits.TITLE);
            assertThat(draft.categories()).singleElement().isIn("Config Errors", "Hardware/Power Failures",
                    "Conflicts", "Time", "Database", "Uncategorized");
        });
        assertThat(perCategory).containsOnlyKeys("Config Errors", "Hardware/Power Failures", "Conflicts", "Time",
                "Database", "Uncategorized");
    }

    private ParsedEntry.Valid valid(int index) {
        ParsedEntry entry = parser.parse("list.md", Fixtures.read("link-list.md")).get(index);
        assertThat(entry).as("%s", entry).isInstanceOf(ParsedEntry.Valid.class);
        return (ParsedEntry.Valid) entry;
    }

    private static String entries(int count) {
        StringBuilder list = new StringBuilder("## Made up\n\n");
        for (int i = 1; i <= count; i++) {
            list.append("[Company ").append(i).append("](https://example.test/").append(i)
                    .append("). Something broke in part ").append(i).append(".\n\n");
        }
        return list.toString();
    }
}
