package io.aftermath.query.search;

import static io.aftermath.query.support.Incidents.lesson;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.postmortem;
import static io.aftermath.query.support.Incidents.prioritised;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.support.Allocated;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.FrontMatter;
import io.aftermath.query.support.Incidents;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

class SearchProjectionTest {

    private SearchIndex index;
    private SearchProjection projection;
    private EventLog log;

    @BeforeEach
    void setUp() throws Exception {
        index = SearchIndex.inMemory();
        projection = new SearchProjection(index);
        log = new EventLog();
        for (String name : List.of("cache-stampede.md", "certificate.md", "dns.md")) {
            log.append(FrontMatter.read(Path.of(getClass().getResource("/postmortems/" + name).toURI())));
        }
        log.append(prioritised("t1", Severity.S2, Urgency.HIGH, null, 1),
                lesson("checkout@1.0", "l1", "Connection pool exhaustion",
                        "The database connection pool ran dry when the cache was cold", List.of("t1"),
                        List.of("database", "capacity"), 5));
    }

    @AfterEach
    void tearDown() {
        index.close();
    }

    @Test
    void a_match_in_the_title_or_summary_ranks_above_one_in_the_body() {
        apply(log);

        PostmortemHits hits = search("cache");

        assertThat(hits.hits()).extracting(PostmortemHit::id).startsWith("fixture-cache-stampede");
        assertThat(hits.hits()).extracting(PostmortemHit::id).contains("fixture-dns", "l1");
        assertThat(hits.hits().get(0).score()).isGreaterThan(hits.hits().get(hits.hits().size() - 1).score());
        assertThat(hits.hits().get(0).snippet()).contains("<b>cache</b>");
        assertThat(hits.hits().get(0).url()).isEqualTo("https://example.org/cache-stampede");
    }

    /**
     * Tester 13: "release notes" ranked the one lesson that says "release notes" fourth, behind documents that
     * only say "release" where it weighs more (a title, a summary).
     */
    @Test
    void the_words_of_a_query_together_rank_above_one_of_them_in_a_weightier_field() {
        log.append(postmortem("p-fridays", "Releasing on Fridays", "A release went out late on a Friday",
                        "The release was rushed.", List.of(), List.of(), "Acme", "Shop", null),
                postmortem("p-train", "Release train derailed", "The release train stopped", "Every release waited.",
                        List.of(), List.of(), "Acme", "Trains", null),
                lesson("checkout@1.0", "l-vat", "Customers misread the VAT breakdown",
                        "Invoices showed tax differently", List.of(), List.of(), 9),
                new LessonRecorded("checkout@1.0", "l-notes", "Customers misread the VAT breakdown",
                        "Invoices showed tax differently", List.of("The release notes did not explain the VAT change"),
                        null, List.of(), List.of(), List.of(), "responder", minutes(10)));
        apply(log);

        assertThat(search("release notes").hits()).extracting(PostmortemHit::id).first().isEqualTo("l-notes");
        // Tester 14: a quoted exclusion elsewhere in q switched the bonus off.
        assertThat(search("release notes -\"xyzzy plugh\"").hits()).extracting(PostmortemHit::id).first()
                .isEqualTo("l-notes");
    }

    /**
     * Tester 19, on the public post-mortems: "rate limit" ranked a title saying "Limit" first and the three
     * post-mortems saying "rate limit", deep in long bodies, 13th, 14th and 19th.
     */
    @Test
    void two_words_together_deep_in_a_long_body_rank_above_one_of_them_in_a_title() {
        String narrative = String.join(" ", Collections.nCopies(40, "Engineers paged the on-call team, who "
                + "drained traffic from the affected cluster while the database recovered and queues were replayed."));
        log.append(postmortem("p-size", "Database File Size Limit Outage", "Limits were hit for a hosted database.",
                        "The volume filled up.", List.of(), List.of(), "Acme", "Notes", null),
                postmortem("p-errors", "Configuration roll-out raised error rates", "Error rates rose for 22 minutes.",
                        "A bad configuration went out.", List.of(), List.of(), "Acme", "Edge", null),
                postmortem("p-boot", "Incident on 2-22-22", "Clients could not boot.", narrative
                        + " Engineers slowly increased the client boot rate limit back to normal. " + narrative,
                        List.of(), List.of(), "Acme", "Chat", null));
        apply(log);

        assertThat(search("rate limit").hits()).extracting(PostmortemHit::id).first().isEqualTo("p-boot");
    }

    @Test
    void english_stemming_finds_expired_for_expiry() {
        apply(log);

        assertThat(search("expired certificate").hits()).extracting(PostmortemHit::id).first()
                .isEqualTo("fixture-certificate");
    }

    @Test
    void lessons_carry_their_service_and_the_severity_of_their_worst_ticket() {
        apply(log);

        PostmortemHit lesson = search("connection pool").hits().get(0);

        assertThat(lesson.kind()).isEqualTo("lesson");
        assertThat(lesson.service()).isEqualTo("checkout");
        assertThat(lesson.releaseId()).isEqualTo("checkout@1.0");
        assertThat(lesson.severity()).isEqualTo(Severity.S2);
        assertThat(lesson.ticketIds()).containsExactly("t1");
        assertThat(lesson.tags()).containsExactly("database", "capacity");
    }

    @Test
    void a_lessons_service_is_found_by_its_name_as_a_postmortems_product_is() {
        log.append(new LessonRecorded("checkout@1.0", "l3", "Queue stalls", "Consumers stopped.", List.of(), null,
                List.of(), List.of(), List.of(), "responder", Incidents.minutes(7)));
        apply(log);

        assertThat(search("checkout").hits()).extracting(PostmortemHit::id).contains("l1", "l3");
    }

    @Test
    void reprioritising_a_linked_ticket_changes_the_lessons_severity() {
        log.append(prioritised("t1", Severity.S1, Urgency.HIGH, null, 9));
        apply(log);

        assertThat(filtered(null, null, Severity.S1, null, null)).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(filtered(null, null, Severity.S2, null, null)).isEmpty();
    }

    @Test
    void filters_narrow_by_service_tag_severity_and_time() {
        apply(log);

        assertThat(filtered("checkout", null, null, null, null)).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(filtered("login", null, null, null, null)).extracting(PostmortemHit::id)
                .containsExactly("fixture-certificate");
        assertThat(filtered(null, "DNS", null, null, null)).extracting(PostmortemHit::id).containsExactly("fixture-dns");
        assertThat(filtered(null, "capacity", null, null, null)).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(filtered(null, null, null, Instant.parse("2023-01-01T00:00:00Z"),
                Instant.parse("2023-12-31T00:00:00Z"))).extracting(PostmortemHit::id)
                .containsExactly("fixture-cache-stampede");
    }

    @Test
    void a_release_filter_finds_that_releases_lessons_only_and_no_postmortem() {
        log.append(lesson("checkout@1.1", "l2", "Cache warmed too late", "The cache was cold again", List.of(),
                List.of(), 6));
        apply(log);

        assertThat(inRelease("cache", "checkout@1.0")).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(inRelease(null, "checkout@1.1")).extracting(PostmortemHit::id).containsExactly("l2");
        assertThat(inRelease("cache", "CHECKOUT@1.0")).as("exact, as a release's own pages take it").isEmpty();
        assertThat(inRelease("cache", "billing@9.9")).as("a release the index does not know").isEmpty();
        assertThat(inRelease("cache")).extracting(PostmortemHit::id)
                .contains("l1", "l2", "fixture-cache-stampede");
    }

    @Test
    void a_repeated_service_release_or_severity_filter_passes_any_of_its_values() {
        log.append(prioritised("t2", Severity.S1, Urgency.HIGH, null, 6),
                lesson("checkout@1.1", "l2", "Cache warmed too late", "The cache was cold again", List.of("t2"),
                        List.of(), 7));
        apply(log);

        assertThat(inRelease(null, "checkout@1.0", "checkout@1.1", "billing@9.9")).extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("l1", "l2");
        assertThat(projection.handle(new SearchPostmortems(null, List.of("checkout", "LOGIN"), List.of(), List.of(),
                List.of(), null, null, 10, 0)).hits()).extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("l1", "l2", "fixture-certificate");
        assertThat(projection.handle(new SearchPostmortems(null, List.of(), List.of(), List.of(),
                List.of(Severity.S1, Severity.S2), null, null, 10, 0)).hits()).extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("l1", "l2");
    }

    @Test
    void tags_given_together_narrow_to_what_carries_all_of_them() {
        apply(log);

        assertThat(tagged("cloud", "cache")).extracting(PostmortemHit::id).containsExactly("fixture-cache-stampede");
        assertThat(tagged("database", "capacity")).extracting(PostmortemHit::id).containsExactly("l1");
        assertThat(tagged("cloud", "dns")).isEmpty();
    }

    @Test
    void without_words_the_filtered_documents_come_newest_first() {
        apply(log);

        assertThat(filtered(null, null, null, null, null)).extracting(PostmortemHit::id)
                .containsExactly("l1", "fixture-dns", "fixture-cache-stampede", "fixture-certificate");
    }

    @Test
    void replaying_the_log_twice_changes_no_result() {
        apply(log);
        PostmortemHits once = search("cache database");

        apply(log);
        EventLog.deliver(projection, log.event(3), 3);
        index.commit(log.head());

        assertThat(search("cache database")).isEqualTo(once);
    }

    @Test
    void the_index_remembers_where_it_got_to() {
        apply(log);

        assertThat(index.committed()).isEqualTo(log.head());
        assertThat(new IndexTokenStore(index, new SearchBatches(new BatchGates())).fetchToken("postmortem-search", 0).position()).hasValue(log.head() - 1);
    }

    /** Regression: the body's Markdown and HTML came back verbatim, its {@code <b>} looking like a highlight. */
    @Test
    void a_markdown_body_is_indexed_and_snippeted_as_the_text_a_reader_sees() {
        log.append(postmortem("pm-md", "Role test import", null, "# Role test import\nbody about <b>ocelots</b> and "
                + "**pumas**, see [the runbook](https://runbooks.example.org/qzxv_page) and `<b>tapirs</b>`",
                List.of(), List.of(), "Acme", "Zoo", null));
        apply(log);

        assertThat(search("ocelots").hits()).singleElement().extracting(PostmortemHit::snippet)
                .isEqualTo("body about <b>ocelots</b> and pumas, see the runbook and &lt;b&gt;tapirs&lt;/b&gt;");
        assertThat(search("tapirs").hits()).singleElement().extracting(PostmortemHit::snippet).asString()
                .contains("&lt;b&gt;<b>tapirs</b>&lt;/b&gt;").doesNotContain("#", "](", "**", "`");
        assertThat(search("qzxv_page runbooks.example.org").hits()).as("a link's URL is not indexed").isEmpty();
    }

    /** Before: "cafe" found nothing, nor "resume*" and "naive~1" what was written with accents. */
    @Test
    void accents_are_folded_so_a_word_is_found_however_it_was_typed() {
        log.append(postmortem("pm-accents", "Café checkout résumé", null, "The naïve retry loop of the Zürich café",
                List.of(), List.of(), "Acme", "Kiosk", null));
        apply(log);

        for (String q : List.of("cafe", "café", "CAFÉ", "zurich", "resume*", "naive~1", "\"zurich cafe\"")) {
            assertThat(search(q).hits()).as(q).extracting(PostmortemHit::id).containsExactly("pm-accents");
        }
        assertThat(search("cafe").hits()).singleElement().extracting(PostmortemHit::snippet).asString()
                .as("the snippet highlights the word as written").contains("<b>café</b>");
    }

    /** Before: the tokenizer kept "O'Reilly" whole, so "Reilly" found nothing. */
    @Test
    void a_name_is_found_without_its_elided_article() {
        log.append(postmortem("pm-names", "O'Reilly feed outage", null, "D’Souza rolled back the L'Oréal importer; "
                + "the on-call engineer didn't page", List.of(), List.of(), "Acme", "Kiosk", null));
        apply(log);

        for (String q : List.of("reilly", "O'Reilly", "o’reilly", "reil*", "o'reil*", "souza", "d'souza", "oreal",
                "\"reilly feed\"", "didn't")) {
            assertThat(search(q).hits()).as(q).extracting(PostmortemHit::id).containsExactly("pm-names");
        }
        assertThat(search("souza").hits()).singleElement().extracting(PostmortemHit::snippet).asString()
                .as("the snippet highlights the name as written").contains("<b>D’Souza</b>");
    }

    @Test
    void text_around_the_highlight_is_html_escaped_so_only_the_highlight_is_markup() {
        log.append(lesson("checkout@1.0", "l2", "Escaping", "The <b>lynx</b> & \"its\" cub's <i>den</i>",
                List.of(), List.of(), 6));
        apply(log);

        assertThat(search("lynx").hits()).singleElement().extracting(PostmortemHit::snippet)
                .isEqualTo("The &lt;b&gt;<b>lynx</b>&lt;/b&gt; &amp; &quot;its&quot; cub&#39;s &lt;i&gt;den&lt;/i&gt;");
        assertThat(filtered(null, null, null, Incidents.minutes(6), Incidents.minutes(6)))
                .as("without words the snippet is the summary's start, escaped just the same")
                .singleElement().extracting(PostmortemHit::snippet)
                .isEqualTo("The &lt;b&gt;lynx&lt;/b&gt; &amp; &quot;its&quot; cub&#39;s &lt;i&gt;den&lt;/i&gt;");
    }

    @Test
    void pages_join_up_into_the_whole_ranking_with_snippets_of_their_own_hits() {
        apply(log);
        PostmortemHits all = search("cache");
        assertThat(all.hits()).hasSizeGreaterThan(2);

        List<PostmortemHit> paged = Stream.iterate(0, offset -> offset < all.total(), offset -> offset + 2)
                .flatMap(offset -> projection.handle(new SearchPostmortems("cache", null, null, null, null, null, 2,
                        offset)).hits().stream())
                .toList();

        assertThat(paged).isEqualTo(all.hits());
        PostmortemHits beyond = projection.handle(new SearchPostmortems("cache", null, null, null, null, null, 2,
                (int) all.total()));
        assertThat(beyond.hits()).isEmpty();
        assertThat(beyond.total()).as("the count still says how many matched").isEqualTo(all.total());
    }

    /** Regression: a query of more than 146 words was a 500 (1,024 clauses at most, 7 fields a word). */
    @Test
    void a_pasted_paragraph_of_420_words_is_a_valid_query() {
        apply(log);
        String paragraph = IntStream.range(0, 419).mapToObj(i -> "word" + i).collect(Collectors.joining(" "))
                + " stampede";

        assertThat(search(paragraph).hits()).extracting(PostmortemHit::id).containsExactly("fixture-cache-stampede");
    }

    /** Regression: "cache -dns" matched every document without dns as well, more than "cache" did. */
    @Test
    void a_minus_word_excludes_the_documents_that_have_it() {
        apply(log);
        assertThat(search("cache").hits()).extracting(PostmortemHit::id).contains("fixture-dns");

        PostmortemHits narrowed = search("cache -dns");

        assertThat(narrowed.hits()).extracting(PostmortemHit::id).isNotEmpty().doesNotContain("fixture-dns")
                .isSubsetOf(search("cache").hits().stream().map(PostmortemHit::id).toList());
        assertThat(narrowed.total()).isEqualTo(search("cache").total() - 1);
        assertThat(search("-dns").hits()).as("only negations: everything but them").extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("fixture-cache-stampede", "fixture-certificate", "l1");
        assertThat(search("-dns -certificate").hits()).extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("fixture-cache-stampede", "l1");
    }

    /** Regression: past 1,000 hits Lucene stopped counting, and the total said 1001 and changed with the offset. */
    @Test
    void the_total_counts_every_hit_beyond_a_thousand_on_every_page() {
        for (int i = 0; i < 1_200; i++) {
            log.append(lesson("checkout@1.0", "many" + i, "Lesson " + i, "The ocelot got out", List.of(), List.of(),
                    10 + i));
        }
        apply(log);

        assertThat(projection.handle(new SearchPostmortems("ocelot", null, null, null, null, null, 10)).total())
                .isEqualTo(1_200);
        assertThat(projection.handle(new SearchPostmortems("ocelot", null, null, null, null, null, 10, 1_195)))
                .satisfies(page -> assertThat(page.total()).isEqualTo(1_200))
                .satisfies(page -> assertThat(page.hits()).hasSize(5));
        assertThat(projection.handle(new SearchPostmortems(null, null, null, null, null, null, 10)).total())
                .isEqualTo(1_204);
    }

    /** Regression: undated post-mortems sorted as if they were from 1 January 1970. */
    @Test
    void without_words_undated_postmortems_come_last() {
        log.append(postmortem("pm-undated", "Undated", "No start time", null, List.of(), List.of(), "Acme", "Zoo",
                        null),
                postmortem("pm-1969", "Moon", "Before the epoch", null, List.of(), List.of(), "Acme", "Zoo",
                        Instant.parse("1969-07-20T20:17:00Z")));
        apply(log);

        assertThat(filtered(null, null, null, null, null)).extracting(PostmortemHit::id).containsExactly("l1",
                "fixture-dns", "fixture-cache-stampede", "fixture-certificate", "pm-1969", "pm-undated");
    }

    /** Regression: a summary's first sentence hid the body's match whenever the summary had none. */
    @Test
    void the_snippet_comes_from_the_summary_if_it_matches_else_the_body_else_the_summarys_start() {
        log.append(new LessonRecorded("checkout@1.0", "l3", "Queue stalls", "Consumers stopped.",
                List.of("no alert on lag"), "the rollback was quick", List.of("page the tapir keeper"), List.of(),
                List.of(), "responder", Incidents.minutes(7)));
        apply(log);

        assertThat(search("resolver").hits()).first().extracting(PostmortemHit::snippet).asString()
                .contains("<b>resolver</b>");
        assertThat(search("incidental").hits()).singleElement().extracting(PostmortemHit::snippet)
                .isEqualTo("A mention of a cache here is <b>incidental</b>.");
        assertThat(search("tapir").hits()).as("a lesson's improvements are its body").singleElement()
                .extracting(PostmortemHit::snippet).isEqualTo("page the <b>tapir</b> keeper");
        assertThat(search("misconfiguration").hits()).as("a match in the title only").singleElement()
                .extracting(PostmortemHit::snippet).isEqualTo("A configuration push pointed every host at a resolver "
                        + "that did not exist, so no name resolved.");
    }

    /** Regression: an emoji across the 240th character was cut in half. */
    @Test
    void a_snippet_never_ends_inside_a_surrogate_pair() {
        String emoji = "\uD83D\uDE00";
        log.append(lesson("checkout@1.0", "l3", "Emoji", "x".repeat(239) + emoji + " and more", List.of(), List.of(),
                        7),
                lesson("checkout@1.0", "l4", "Long", "ocelot " + "x".repeat(19_992) + emoji + " and more", List.of(),
                        List.of(), 8));
        apply(log);

        assertThat(filtered(null, null, null, Incidents.minutes(7), Incidents.minutes(7))).singleElement()
                .extracting(PostmortemHit::snippet).isEqualTo("x".repeat(239) + "…");
        assertThat(search("ocelot").hits()).as("a long passage is cut at a space, before a word too long to show")
                .singleElement().extracting(PostmortemHit::snippet).isEqualTo("<b>ocelot</b>…");
    }

    /** Regression: prefixes were looked up among stems as typed, so "outage*" found no "outage" (stem "outag"). */
    @Test
    void a_prefix_finds_what_its_word_finds_and_the_words_it_begins() {
        log.append(lesson("checkout@1.0", "l3", "Storage review", "Two outages hit the databases after a bug",
                        List.of(), List.of(), 7),
                lesson("checkout@1.0", "l4", "Paperwork", "The new policy", List.of(), List.of(), 8),
                lesson("checkout@1.0", "l5", "Paperwork", "The policymakers", List.of(), List.of(), 9));
        apply(log);

        assertThat(search("outage*").hits()).extracting(PostmortemHit::id)
                .containsAll(search("outage").hits().stream().map(PostmortemHit::id).toList()).contains("l3");
        assertThat(search("outage*").hits()).filteredOn(hit -> hit.id().equals("l3")).singleElement()
                .extracting(PostmortemHit::snippet).isEqualTo("Two <b>outages</b> hit the databases after a bug");
        assertThat(search("database*").hits()).extracting(PostmortemHit::id).contains("l3", "l1");
        assertThat(search("outa*").hits()).extracting(PostmortemHit::id).contains("l3");
        assertThat(search("policy*").hits()).as("policy is indexed as polici").extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("l4", "l5");
        assertThat(search("policym*").hits()).extracting(PostmortemHit::id).containsExactly("l5");
        assertThat(search("bus*").hits()).as("a short stem (bu) does not widen the prefix to bug or build").isEmpty();
    }

    /** Regression: "deploym*" found no "deployment", whose stem "deploy" it does not begin. */
    @Test
    void a_prefix_finds_the_words_it_begins_as_written_with_them_highlighted() {
        log.append(lesson("checkout@1.0", "l3", "Rollout", "The Deployment stalled; deployments queued",
                        List.of(), List.of(), 7),
                lesson("checkout@1.0", "l4", "Paperwork", "Two new policies", List.of(), List.of(), 8),
                lesson("checkout@1.0", "l5", "Paperwork", "The policymakers and the deployer", List.of(), List.of(),
                        9));
        apply(log);

        assertThat(search("deploym*").hits()).singleElement().satisfies(hit -> {
            assertThat(hit.id()).isEqualTo("l3");
            assertThat(hit.snippet()).isEqualTo("The <b>Deployment</b> stalled; <b>deployments</b> queued");
        });
        assertThat(search("DEPLOYM*").hits()).extracting(PostmortemHit::id).containsExactly("l3");
        assertThat(search("policy*").hits()).as("policies share the word's stem").extracting(PostmortemHit::id)
                .containsExactlyInAnyOrder("l4", "l5");
        assertThat(search("the*").hits()).as("stop words are words as written").extracting(PostmortemHit::id)
                .contains("l3", "l5");
    }

    /** Regression: fuzzy terms were compared with stems, and "certifcate~1" met "certif" and found nothing. */
    @Test
    void a_fuzzy_term_finds_the_words_near_it_as_written_with_them_highlighted() {
        apply(log);

        assertThat(search("certifcate~1").hits()).extracting(PostmortemHit::id).containsExactly("fixture-certificate");
        assertThat(search("certifcate~1").hits().get(0).snippet()).contains("TLS <b>certificate</b> expired");
        assertThat(search("resolvr~1").hits()).extracting(PostmortemHit::id).containsExactly("fixture-dns");
        assertThat(search("stampeed~2 +catalogue").hits()).as("parsed as a whole, for its operator")
                .extracting(PostmortemHit::id).containsExactly("fixture-cache-stampede");
    }

    @Test
    void a_fuzzy_term_finds_what_its_word_finds() {
        apply(log);

        for (String word : List.of("expiry", "expired", "database", "configuration", "cache")) {
            assertThat(search(word + "~1").hits()).extracting(PostmortemHit::id).as(word)
                    .containsAll(search(word).hits().stream().map(PostmortemHit::id).toList());
        }
    }

    /**
     * Regression: the highlighter rewrites the query it is given for every hit and field, and rewriting a fuzzy
     * term builds its automata again: ten {@code ~2} terms allocated 63 times what the same words plain did,
     * and 13 times when the search's rewriting was kept but each field's query still built its own automata.
     */
    @Test
    void ten_fuzzy_terms_cost_a_few_times_what_the_same_plain_words_cost() {
        apply(log);
        String words = "certificate expired renewal monitoring reminder calendar employee automatically endpoint"
                + " answered";

        long plain = Allocated.bytes(() -> search(words));
        long fuzzy = Allocated.bytes(() -> search(words.replace(" ", "~2 ") + "~2"));

        assertThat(fuzzy).as("bytes for ten ~2 terms, against %,d for the words plain", plain).isLessThan(8 * plain);
    }

    private void apply(EventLog events) {
        events.applyTo(projection);
        index.commit(events.head());
    }

    private PostmortemHits search(String q) {
        return projection.handle(new SearchPostmortems(q, null, null, null, null, null, 10));
    }

    private List<PostmortemHit> filtered(String service, String tag, Severity severity, Instant from, Instant to) {
        return projection.handle(new SearchPostmortems(null, service, tag == null ? List.of() : List.of(tag), severity,
                from, to, 10)).hits();
    }

    private List<PostmortemHit> inRelease(String q, String... releaseIds) {
        return projection.handle(new SearchPostmortems(q, null, List.of(releaseIds), List.of(), null, null, null, 10, 0))
                .hits();
    }

    private List<PostmortemHit> tagged(String... tags) {
        return projection.handle(new SearchPostmortems(null, null, List.of(tags), null, null, null, 10)).hits();
    }

}
