package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.TicketView;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

@QueryHttpTest
class TriageHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    @Test
    void the_queue_puts_the_most_urgent_open_tickets_first() {
        String release = writes.release(Ids.service("triage"), "1.0");
        String minor = writes.report(release, "Typo on the receipt");
        String outage = writes.report(release, "Nobody can pay");
        String untriaged = writes.report(release, "Something odd");
        String fixed = writes.report(release, "Already fixed");
        writes.prioritise(minor, "S4", "LOW");
        writes.prioritise(outage, "S1", "HIGH");
        writes.prioritise(fixed, "S1", "HIGH");
        writes.resolve(fixed, "FIXED", null);
        String duplicate = writes.report(release, "Payment page broken");
        writes.markDuplicate(duplicate, outage);

        TriageQueue queue = queue("/api/triage?releaseId=" + release);

        assertThat(queue.items()).extracting(TriageItem::ticketId).containsExactly(outage, minor, untriaged);
        assertThat(queue.total()).isEqualTo(3);
        TriageItem first = queue.items().get(0);
        assertThat(first.priority()).isEqualTo(Priority.P1);
        assertThat(first.status()).isEqualTo(TicketStatus.TRIAGED);
        assertThat(first.acknowledge().metAt()).isNotNull();
        assertThat(first.resolve().dueAt()).isEqualTo(first.reportedAt().plus(Duration.ofHours(4)));
        assertThat(first.resolve().breached()).isFalse();
        assertThat(queue.items().get(2).priority()).isNull();
        assertThat(queue("/api/triage?releaseId=" + release + "&limit=1").items()).hasSize(1);
    }

    @Test
    void reopening_a_duplicate_puts_it_back_in_the_queue_and_takes_its_reporter_off_the_canonical() {
        String release = writes.release(Ids.service("undup"), "1.0");
        String canonical = writes.report(release, "Nobody can pay");
        String duplicate = writes.report(TestUsers.REPORTER, release, "Card declined for everyone");
        writes.markDuplicate(duplicate, canonical);

        assertThat(queue("/api/triage?releaseId=" + release).items()).extracting(TriageItem::ticketId)
                .containsExactly(canonical);
        assertThat(queue("/api/triage?releaseId=" + release).items().get(0).reporters()).isEqualTo(2);
        assertThat(ticket(canonical, writes.position()).reporters())
                .containsExactly(TestUsers.ADMIN, TestUsers.REPORTER);

        long reopenedBefore = Long.parseLong(client.post().uri("/api/tickets/" + duplicate + "/reopen")
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "a different bug: cards are declined, not timing out"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REOPENED")
                .returnResult().getResponseHeaders().getFirst("X-Aftermath-Position"));

        TriageQueue queue = reads.getAfter("/api/triage?releaseId=" + release, reopenedBefore).expectStatus().isOk()
                .expectBody(TriageQueue.class).returnResult().getResponseBody();
        assertThat(queue.items()).extracting(TriageItem::ticketId).containsExactlyInAnyOrder(canonical, duplicate);
        assertThat(queue.items()).allSatisfy(item -> assertThat(item.reporters()).isEqualTo(1));
        TicketView reopened = ticket(duplicate, reopenedBefore);
        assertThat(reopened.status()).isEqualTo(TicketStatus.REOPENED);
        assertThat(reopened.canonicalTicketId()).isNull();
        TicketView left = ticket(canonical, reopenedBefore);
        assertThat(left.reporters()).containsExactly(TestUsers.ADMIN);
        assertThat(left.duplicates()).isEmpty();
    }

    @Test
    void a_ticket_reported_days_ago_is_shown_as_breaching_its_slas() {
        String service = Ids.service("late");
        String release = service + "@1.0";
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        writes.send(new RegisterRelease(release, service, "1.0", twoDaysAgo, null, null, "admin", twoDaysAgo));
        writes.send(new ReportTicket("late-" + service, release, "Slow checkout", "Takes a minute", null, null,
                "reporter", twoDaysAgo));
        writes.send(new Prioritise("late-" + service, Severity.S2, Urgency.MEDIUM, "many users", "triager",
                twoDaysAgo.plus(Duration.ofHours(3))));

        TriageItem item = queue("/api/triage?service=" + service).items().get(0);

        assertThat(item.priority()).isEqualTo(Priority.P2);
        assertThat(item.acknowledge().breached()).as("acknowledged after 3 h, target 1 h").isTrue();
        assertThat(item.resolve().breached()).as("open after 2 days, target 24 h").isTrue();
    }

    /** Tester 9: the 404 said neither how far the node had read nor, after a wait that timed out, that it was stale. */
    @Test
    void the_queue_of_an_unknown_release_is_refused_rather_than_empty_forever() {
        reads.get("/api/triage?releaseId=nope@9.9").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
        reads.get("/api/triage?releaseId=nope@9.9&after=999999999").expectStatus().isNotFound()
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectHeader().valueEquals("X-Aftermath-Stale", "true");
        reads.get("/api/triage?service=nope").expectStatus().isOk();
        reads.get("/api/triage").expectStatus().isOk();
    }

    /**
     * Before, 404 RELEASE_NOT_FOUND "No release nope", while the search refused the same value as no release id,
     * and a report naming it was refused as malformed too; a@b@c was still looked up and called unknown.
     */
    @ParameterizedTest(name = "{0}?releaseId={1}")
    @MethodSource("malformedReleaseIds")
    void a_release_id_no_release_could_have_is_400_naming_it_on_the_queue_and_its_stream(String path, String releaseId,
                                                                                        String rule) {
        client.get().uri(uri -> uri.path(path).queryParam("releaseId", "{releaseId}").build(releaseId))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(path.endsWith("/stream") ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("releaseId " + rule)
                .jsonPath("$.errors[0].field").isEqualTo("releaseId")
                .jsonPath("$.errors[0].message").isEqualTo(rule);
    }

    static Stream<Arguments> malformedReleaseIds() {
        String one = "must be a release id, service@version";
        String list = "must be one release id, service@version; the queue takes one release";
        return Stream.of("/api/triage", "/api/triage/stream").flatMap(path -> Stream.of(
                Arguments.of(path, "nope", one), Arguments.of(path, "@1.0", one), Arguments.of(path, "checkout@", one),
                Arguments.of(path, "check out@1.0", one), Arguments.of(path, "a@b@c", one),
                Arguments.of(path, "check/out@1.0", one), Arguments.of(path, "checkout@2.4.0,checkout@2.4.1", list)));
    }

    /** Read in any case, but as written (tester 8): a dotless i was folded to I. */
    @Test
    void a_status_written_with_a_lookalike_letter_is_400() {
        reads.get("/api/triage?status=%C4%B1n_progress").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        reads.get("/api/triage?status=in_progress").expectStatus().isOk();
    }

    @Test
    void two_release_ids_are_400_as_the_queue_takes_one() {
        reads.get("/api/triage?releaseId=checkout@2.4.0&releaseId=checkout@2.4.1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("releaseId");
    }

    /** Regression (tester 7): the stream ignored offset, showing the first page to a client that asked for another. */
    @Test
    void the_stream_refuses_an_offset_rather_than_ignore_it() {
        client.get().uri("/api/triage/stream?offset=5&limit=1")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("offset");
    }

    /** Tester 77: updates=delta was taken without a word, and whole queues came as if they were changes. */
    @Test
    void the_stream_refuses_to_be_asked_for_deltas_it_does_not_send() {
        client.get().uri("/api/triage/stream?updates=delta&limit=1")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("updates");
    }

    @Test
    void the_queue_of_a_release_just_registered_is_empty_when_read_at_its_position() {
        String release = writes.release(Ids.service("registered"), "1.0");

        TriageQueue queue = queue("/api/triage?releaseId=" + release);

        assertThat(queue.items()).isEmpty();
        assertThat(queue.total()).isZero();
    }

    @Test
    void a_limit_outside_its_bounds_is_refused_naming_the_parameter() {
        reads.get("/api/triage?limit=0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("limit")
                .jsonPath("$.errors[0].message").isEqualTo("must be between 1 and 1000");
        reads.get("/api/triage?limit=5000").expectStatus().isBadRequest();
    }

    /** Spring's own answer was "Type mismatch." under the title of an unreadable body. */
    @Test
    void a_parameter_of_the_wrong_type_is_refused_naming_it() {
        reads.get("/api/triage?limit=abc").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("limit must be a whole number")
                .jsonPath("$.errors[0].field").isEqualTo("limit");
        reads.get("/api/triage?after=abc").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
    }

    /** Before (tester 21): asOf, taken from the node's clock, showed nine digits where read models show three. */
    @Test
    void times_the_node_takes_from_its_clock_are_shown_to_the_millisecond() {
        writes.report(writes.release(Ids.service("millis"), "1.0"), "Slow page");

        String asOf = reads.getAfter("/api/triage", writes.position()).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("asOf").toString();

        assertThat(asOf).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
    }

    private TicketView ticket(String ticketId, long after) {
        return reads.getAfter("/api/tickets/" + ticketId, after).expectStatus().isOk()
                .expectBody(TicketView.class).returnResult().getResponseBody();
    }

    private TriageQueue queue(String path) {
        return reads.getAfter(path, writes.position()).expectStatus().isOk()
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectBody(TriageQueue.class).returnResult().getResponseBody();
    }
}
