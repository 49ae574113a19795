package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;

@QueryHttpTest
class SearchHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;
    private String word;

    @BeforeEach
    void setUp() {
        word = Ids.service("zebrafish").replace("-", "");
    }

    @Test
    void lessons_and_imported_postmortems_are_found_by_relevance() {
        writes.send(new ImportPostmortem("pm-" + word, "test", word, "Queue backlog after a " + word + " deploy",
                "Acme", "Queue", List.of("cloud"), List.of("queue", "backlog"), Instant.parse("2023-02-01T00:00:00Z"),
                null, "The " + word + " workers stopped acknowledging messages.", "Long body about queues.",
                "https://example.org/pm", "importer", Instant.now()));
        writes.send(new ImportPostmortem("pm2-" + word, "test", word + "2", "Unrelated disk failure", "Acme", "Disk",
                List.of("hardware"), List.of("disk"), Instant.parse("2023-03-01T00:00:00Z"), null,
                "A disk died.", "Only the body mentions " + word + " once.", null, "importer", Instant.now()));
        String release = writes.release(Ids.service("search"), "1.0");
        String ticket = writes.report(release, "Workers stuck");
        writes.prioritise(ticket, "S2", "MEDIUM");
        writes.lesson(release, word + " workers need a heartbeat", "Workers hung silently", List.of(ticket),
                List.of("queues"));

        PostmortemHits hits = search("/api/postmortems?q=" + word);

        assertThat(hits.total()).isEqualTo(3);
        assertThat(hits.hits()).extracting(PostmortemHit::kind).contains("lesson", "postmortem");
        assertThat(hits.hits().get(hits.hits().size() - 1).id()).isEqualTo("pm2-" + word);
        assertThat(hits.hits()).allSatisfy(hit -> assertThat(hit.score()).isPositive());
        assertThat(search("/api/postmortems?q=" + word + "&severity=S2").hits()).singleElement()
                .satisfies(hit -> assertThat(hit.kind()).isEqualTo("lesson"));
        assertThat(search("/api/postmortems?q=" + word + "&tag=backlog&from=2023-01-01&to=2023-02-28").hits())
                .extracting(PostmortemHit::id).containsExactly("pm-" + word);
        assertThat(search("/api/postmortems?q=" + word + "&tag=backlog&tag=cloud").hits())
                .as("a tag given twice: what carries both").extracting(PostmortemHit::id).containsExactly("pm-" + word);
        assertThat(search("/api/postmortems?q=" + word + "&tag=backlog&tag=disk").total()).isZero();
        assertThat(search("/api/postmortems?q=" + word + "&limit=2&offset=2").hits()).as("the third hit, alone")
                .containsExactly(hits.hits().get(2));
    }

    @Test
    void release_id_narrows_to_that_releases_lessons_and_an_unknown_release_finds_nothing() {
        writes.send(new ImportPostmortem("pm5-" + word, "test", word + "5", "Gateway " + word, "Acme", "Pay", List.of(),
                List.of(), Instant.parse("2023-06-01T00:00:00Z"), null, "The " + word + " gateway timed out.", "A body.",
                null, "importer", Instant.now()));
        String service = Ids.service("gateway");
        String first = writes.release(service, "1.0");
        String second = writes.release(service, "1.1");
        writes.lesson(first, word + " retries without a budget", "Retries piled up", List.of(), List.of());
        String later = writes.lesson(second, word + " pool too small", "The pool ran dry", List.of(), List.of());

        assertThat(search("/api/postmortems?q=" + word).total()).isEqualTo(3);
        assertThat(search("/api/postmortems?q=" + word + "&releaseId=" + second).hits())
                .singleElement().satisfies(hit -> {
                    assertThat(hit.id()).isEqualTo(later);
                    assertThat(hit.releaseId()).isEqualTo(second);
                });
        assertThat(search("/api/postmortems?releaseId=" + first).hits()).as("without q, the release's lessons")
                .extracting(PostmortemHit::releaseId).containsOnly(first).hasSize(1);
        assertThat(search("/api/postmortems?q=" + word + "&releaseId=" + service + "@9.9").total())
                .as("a release the read side does not know: nothing, not 404").isZero();
        assertThat(search("/api/postmortems?q=" + word + "&releaseId=").total()).as("blank, as if absent").isEqualTo(3);
        assertThat(search("/api/postmortems?q=" + word + "&releaseId=" + first + "&releaseId=" + second).hits())
                .as("repeated: the lessons of either").extracting(PostmortemHit::releaseId)
                .containsExactlyInAnyOrder(first, second);
        assertThat(search("/api/postmortems?q=" + word + "&service=" + service + "&service=Pay").total())
                .as("a repeated service: the lessons of either and the post-mortems of either product").isEqualTo(3);
    }

    /** A lesson is found by what went wrong in its tickets and by what was done about it. */
    @Test
    void a_lesson_is_found_by_its_tickets_titles_and_resolution_summaries_and_its_action_items_titles() {
        String release = writes.release(Ids.service("linked"), "1.0");
        String ticket = writes.report(release, "Card " + word + " timeout");
        String lesson = writes.lesson(release, "Retries without a budget", "Retries piled up", List.of(ticket),
                List.of());
        writes.post("/api/tickets/" + ticket + "/resolve", java.util.Map.of("resolution", "FIXED",
                "summary", "Raised the " + word + "x connection limit"));
        writes.post("/api/releases/" + release + "/action-items", java.util.Map.of("title",
                "Page on " + word + "y exhaustion", "owner", "sre", "lessonId", lesson));

        for (String q : List.of(word, word + "x", word + "y")) {
            assertThat(search("/api/postmortems?q=" + q).hits()).as(q).singleElement()
                    .satisfies(hit -> assertThat(hit.id()).isEqualTo(lesson))
                    .satisfies(hit -> assertThat(hit.snippet()).contains("<b>" + q + "</b>"));
        }
    }

    /** Regression: the snippet was the raw Markdown, its {@code <b>} indistinguishable from the highlight. */
    @Test
    void an_imported_markdown_body_is_snippeted_as_escaped_plain_text() {
        writes.send(new ImportPostmortem("pm3-" + word, "test", word + "3", "Role test import", "Acme", "Zoo",
                List.of(), List.of(), Instant.parse("2023-04-01T00:00:00Z"), null, null,
                "# Role test import\n\n- body about <b>" + word + "</b> and **pumas**, see "
                        + "[the runbook](https://runbooks.example.org/" + word + "x) and `a <b> tag`",
                null, "importer", Instant.now()));

        String snippet = search("/api/postmortems?q=" + word).hits().get(0).snippet();

        assertThat(snippet).isEqualTo("body about <b>" + word + "</b> and pumas, see the runbook and a &lt;b&gt; tag");
        assertThat(search("/api/postmortems?q=" + word + "x").total()).as("a link's URL is not indexed").isZero();
    }

    @Test
    void a_bad_filter_is_refused() {
        reads.get("/api/postmortems?q=x&severity=S9").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        // Read in any case, but as written (tester 8): the long s was folded to S.
        reads.get("/api/postmortems?q=x&severity=%C5%BF1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("severity");
        reads.get("/api/postmortems?q=x&severity=S1,S2").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(message -> assertThat((String) message)
                        .contains("repeat severity"));
        reads.get("/api/postmortems?q=x&releaseId=checkout@1&releaseId=checkout").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("releaseId");
        reads.get("/api/postmortems?q=x&releaseId=checkout@1,checkout@2").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(message -> assertThat((String) message)
                        .contains("repeat releaseId"));
        reads.get("/api/postmortems?q=x&from=yesterday").expectStatus().isBadRequest();
        reads.get("/api/postmortems?q=x&from=2024-05-02&to=2024-05-01").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
        reads.get("/api/postmortems?q=x&from=2024-05-01&to=2024-05-01").expectStatus().isOk();
        reads.get("/api/postmortems?q=x&offset=-1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("offset");
        reads.get("/api/postmortems?q=x&offset=10001").expectStatus().isBadRequest();
        for (String releaseId : List.of("checkout", "@2.4.0", "checkout@", "check out@2.4.0")) {
            reads.get("/api/postmortems?q=x&releaseId=" + releaseId).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[0].field").isEqualTo("releaseId");
        }
        // Read by Java, but past what the index's milliseconds hold: refused, not a 500.
        assertOutOfRange("/api/postmortems?q=x&from={from}", "+300000000-01-01T00:00:00Z");
        assertOutOfRange("/api/postmortems?q=x&to={to}", "+999999999-12-31");
    }

    /**
     * Regression: each prefix or fuzzy term is matched against every word of the index, and nothing bounded
     * them: a q of 413 fuzzy terms took 20 s, eight such requests at once slowed writes, and a prefix of 2,000
     * letters was a 500. Ten, of up to 20 characters each, are a query; more are refused whoever asks.
     */
    @Test
    void a_q_of_more_than_ten_prefixes_and_fuzzy_terms_or_of_a_longer_one_is_refused_naming_q() {
        writes.send(new ImportPostmortem("pm4-" + word, "test", word + "4", "Fuzzy " + word, "Acme", "Zoo", List.of(),
                List.of(), Instant.parse("2023-05-01T00:00:00Z"), null, "A misspelt search finds it.", "Found by a near spelling.", null,
                "importer", Instant.now()));
        String ten = word.replace("zebrafish", "zebrfish") + "~1+dns*+outage~1+certifcate~2+deploym*+databse~1"
                + "+the*+x~2+a*+cache~1";

        assertThat(search("/api/postmortems?q=" + ten).hits()).extracting(PostmortemHit::id).contains("pm4-" + word);
        reads.get(TestUsers.REPORTER, "/api/postmortems?q=" + ten + "+failovr~1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("q")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("keep at most 10"));
        reads.get(TestUsers.REPORTER, "/api/postmortems?q=" + "x".repeat(2_000) + "*").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("q")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("more than 20 characters"));
    }

    @Test
    void a_fuzzy_distance_above_two_is_refused_saying_the_most() {
        reads.get("/api/postmortems?q=certifcate~3").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("q")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("2 is the most"));
        reads.get("/api/postmortems?q=certifcate~").expectStatus().isOk();
    }

    /** The value goes in as a URI variable, so its '+' reaches the server rather than turning into a space. */
    private void assertOutOfRange(String template, String value) {
        client.get().uri(template, value).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("years 0000 to 9999"));
    }

    private PostmortemHits search(String path) {
        return reads.getAfter(path, writes.position()).expectStatus().isOk()
                .expectBody(PostmortemHits.class).returnResult().getResponseBody();
    }
}
