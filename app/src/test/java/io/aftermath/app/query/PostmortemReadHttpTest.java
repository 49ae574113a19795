package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.query.LessonView;
import io.aftermath.shared.query.PostmortemHit;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.PostmortemView;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.ticket.Severity;

@QueryHttpTest
class PostmortemReadHttpTest {

    /** Markdown as a reader wrote it: non-ASCII, an emoji, CRLF and a hard break, HTML, a link, a fence. */
    private static final String BODY = "# Störung im Zahlungsdienst 💳\r\n\r\nDer Cache war **kalt** — «wieder»;  \n"
            + "see [the runbook](https://runbooks.example.org/cache) and <b>this</b>.\n\n```\nretry  = 3\n```\n";

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;
    private String word;

    @BeforeEach
    void setUp() {
        word = Ids.service("okapi").replace("-", "");
    }

    @Test
    void an_imported_postmortem_found_by_search_is_read_whole_by_its_hits_id() {
        ImportPostmortem imported = new ImportPostmortem("pm-" + word, "acme-wiki", word, "Zahlungen: " + word,
                "Acme", "Kasse", List.of("cloud", "payments"), List.of("cache", "cold start, again"),
                Instant.parse("2023-02-01T10:15:30.123Z"), Instant.parse("2023-02-01T12:00:00Z"),
                "Ein *kalter* Cache.", BODY, "https://example.org/" + word, "importer",
                Instant.parse("2024-05-02T08:00:00.5Z"));
        writes.send(imported);
        PostmortemHit hit = reads.getAfter("/api/postmortems?q=" + word, writes.position()).expectStatus().isOk()
                .expectBody(PostmortemHits.class).returnResult().getResponseBody().hits().get(0);

        byte[] json = reads.getAfter("/api/postmortems/" + hit.id(), writes.position())
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectBody().returnResult().getResponseBody();
        PostmortemView view = reads.getAfter("/api/postmortems/" + hit.id(), writes.position())
                .expectBody(PostmortemView.class).returnResult().getResponseBody();

        assertThat(view.body()).isEqualTo(BODY);
        // Jackson writes a character beyond the BMP as its escaped surrogate pair, as JSON allows.
        assertThat(new String(json, StandardCharsets.UTF_8)).as("sent as UTF-8")
                .contains("Störung im Zahlungsdienst \\uD83D\\uDCB3", "«wieder»");
        assertThat(view).isEqualTo(new PostmortemView("postmortem", imported.postmortemId(), imported.title(),
                "Kasse", null, List.of(), "Acme", List.of("cloud", "payments", "cache", "cold start, again"), null,
                imported.startTime(), imported.url(), "importer", null, List.of(), null, List.of(), "acme-wiki", word,
                "Kasse", List.of("cloud", "payments"), List.of("cache", "cold start, again"), imported.startTime(),
                imported.endTime(), "Ein *kalter* Cache.", BODY, imported.at(), 0, null, null));
        assertThat(List.of(view.kind(), view.id(), view.title(), view.company(), view.tags(), view.at(), view.url()))
                .as("named and meant as in the hit").isEqualTo(List.of(hit.kind(), hit.id(), hit.title(),
                        hit.company(), hit.tags(), hit.at(), hit.url()));
    }

    @Test
    void a_lesson_is_read_whole_by_its_id_as_its_releases_page_shows_it_with_its_hits_severity() {
        String release = writes.release(Ids.service("lessons"), "1.0");
        String ticket = writes.report(release, "Pool exhausted");
        writes.prioritise(ticket, "S2", "HIGH");
        String lessonId = writes.lesson(release, "The pool ran dry, " + word, "Connections leaked",
                List.of(ticket), List.of("database"));

        PostmortemView view = reads.getAfter("/api/postmortems/" + lessonId, writes.position())
                .expectStatus().isOk()
                .expectBody(PostmortemView.class).returnResult().getResponseBody();

        assertThat(view.kind()).isEqualTo("lesson");
        assertThat(view.id()).isEqualTo(lessonId);
        assertThat(view.releaseId()).isEqualTo(release);
        assertThat(view.service()).isEqualTo(release.substring(0, release.indexOf('@')));
        assertThat(view.severity()).isEqualTo(Severity.S2);
        assertThat(view.body()).isNull();
        LessonView onItsPage = reads.getAfter("/api/releases/" + release, writes.position()).expectStatus().isOk()
                .expectBody(ReleaseView.class).returnResult().getResponseBody().retrospective().lessons().get(0);
        assertThat(new LessonView(view.id(), view.title(), view.whatHappened(), view.contributingFactors(),
                view.whatWentWell(), view.improvements(), view.tags(), view.ticketIds(), view.actor(), view.at()))
                .isEqualTo(onItsPage);
        reads.get(TestUsers.REPORTER, "/api/postmortems/" + lessonId).expectStatus().isOk();
    }

    @Test
    void an_unknown_id_is_a_404_problem_with_code_postmortem_not_found() {
        String ticket = writes.report(writes.release(Ids.service("notalesson"), "1.0"), "A ticket, not a lesson");

        for (String id : List.of("pm-ffffffffffffffffffff", "00000000-0000-0000-0000-000000000000", ticket,
                "not an id at all", "import")) {
            reads.getAfter("/api/postmortems/" + id, writes.position())
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Aftermath-Read-Position")
                    .expectBody().jsonPath("$.code").isEqualTo("POSTMORTEM_NOT_FOUND")
                    .jsonPath("$.detail").isEqualTo("No lesson or post-mortem " + id);
        }
    }

    /** As {@code GET /api/tickets/{id}}: an id no path can hold is refused before any lookup. */
    @Test
    void an_id_with_a_slash_is_400_malformed_path_as_a_tickets_is() {
        for (String path : List.of("/api/postmortems/{id}", "/api/tickets/{id}")) {
            client.get().uri(path, "a/b").headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_PATH");
        }
    }

    @Test
    void a_position_not_reached_in_time_answers_with_what_there_is_marked_stale() {
        String release = writes.release(Ids.service("stalelesson"), "1.0");
        String lessonId = writes.lesson(release, "Stale " + word, "Read before the head", List.of(), List.of());

        reads.getAfter("/api/postmortems/" + lessonId, writes.position() + 1_000_000)
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                .expectBody().jsonPath("$.title").isEqualTo("Stale " + word);
        client.get().uri("/api/postmortems/" + lessonId)
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", Long.toString(writes.position()));
                })
                .exchange().expectStatus().isOk().expectHeader().doesNotExist("X-Aftermath-Stale");
        reads.get("/api/postmortems/" + lessonId + "?after=0x10").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
    }
}
