package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.bson.BsonDocument;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.Target;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseId;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Where a replay cuts the log: never inside a commit, between commits written together, and at an instant an answer shows, after its event. */
@AftermathHttpTest
class ReplayCutHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine engine;
    @Autowired
    CommandDispatcher commands;
    @Autowired
    MongoDatabase database;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    /** Before, a ticket's id with events past its report failed with a 500 (a NullPointerException in the fold). */
    @Test
    void replaying_a_ticket_id_is_404_release_not_found_and_verify_refuses_it_as_no_release_id() {
        String releaseId = api.freshRelease();
        String duplicate = api.reportTicket(releaseId, "Checkout spins");
        String canonical = api.reportTicket(releaseId, "Checkout hangs");
        api.prioritise(canonical, "S2", "HIGH");
        markDuplicate(duplicate, canonical);

        for (String ticketId : List.of(duplicate, canonical)) {
            get("/api/releases/" + ticketId + "/replay").expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
            // A query parameter no release could be named by is refused, as triage and search refuse it.
            get("/api/audit/verify?releaseId=" + ticketId).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("releaseId");
        }
    }

    /** Before, an empty at was 400 while an empty position was read as none. */
    @Test
    void an_empty_at_or_position_replays_up_to_now_as_none_would() {
        String releaseId = api.freshRelease();
        api.reportTicket(releaseId, "Seen now");

        for (String empty : List.of("?at=", "?position=")) {
            assertThat(tickets(replay(releaseId, empty))).as(empty).hasSize(1);
        }
    }

    /** Before (tester 21): 400 without errors[], where every other bad parameter is named there. */
    @Test
    void at_and_position_together_are_400_naming_position() {
        String releaseId = api.freshRelease();

        for (String path : List.of("/replay", "/events")) {
            get("/api/releases/" + releaseId + path + "?at=2026-11-17T10:00:00Z&position=3").expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("position")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("either at or position"));
        }
    }

    /**
     * Before, {@code position} cut between the two events of one commit: ticket 01 a duplicate of 02
     * while 02 listed no duplicate, a state the ledger never held.
     */
    @Test
    @SuppressWarnings("unchecked")
    void a_position_inside_a_commit_cuts_after_the_whole_commit() {
        String releaseId = api.freshRelease();
        String duplicate = api.reportTicket(releaseId, "Checkout spins");
        String canonical = api.reportTicket(releaseId, "Checkout hangs");
        markDuplicate(duplicate, canonical);
        long head = engine.head();
        Map<?, ?> ticket = get("/api/tickets/" + duplicate + "?after=" + head).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        long marked = ((Number) ((List<Map<?, ?>>) ticket.get("history")).stream()
                .filter(entry -> "TicketMarkedDuplicate".equals(entry.get("type"))).findFirst().orElseThrow()
                .get("position")).longValue();

        Map<?, ?> asOfEntry = replay(releaseId, "?position=" + (marked + 1));

        assertThat(((Number) asOfEntry.get("end")).longValue()).as("the cut, past the commit's second event")
                .isEqualTo(marked + 2);
        Map<String, Object> byId = byTicketId(asOfEntry);
        assertThat(((Map<?, ?>) byId.get(duplicate)).get("canonicalTicketId")).isEqualTo(canonical);
        assertThat(((Map<?, ?>) byId.get(canonical)).get("duplicates")).isEqualTo(List.of(duplicate));
        Map<?, ?> before = replay(releaseId, "?position=" + marked);
        assertThat(((Number) before.get("end")).longValue()).isEqualTo(marked);
        assertThat(((Map<?, ?>) byTicketId(before).get(duplicate)).get("status")).isEqualTo("REPORTED");
    }

    /**
     * Before, a cut inside a document of commits written together took all of them (tester 32: 7 of 60
     * cuts at a report's end took a later report of another writer). Reports from eight threads until
     * one such document holds some: a cut at the end of each ends there.
     */
    @Test
    void a_cut_ends_between_commits_written_together() {
        String releaseId = api.freshRelease();
        BsonDocument shared = Awaitility.await().atMost(WAIT).until(() -> {
            long from = engine.head();
            reportConcurrently(releaseId, 8);
            return sharedDocumentFrom(from);
        }, Optional::isPresent).orElseThrow();
        long first = shared.getInt64("_id").getValue();
        int count = shared.getInt32(LedgerSchema.COUNT).getValue();

        for (long end = first + 1; end <= first + count; end++) {
            assertThat(((Number) replay(releaseId, "?position=" + end).get("end")).longValue())
                    .as("a cut after the report at %d, of %d reports written together from %d", end - 1, count, first)
                    .isEqualTo(end);
        }
    }

    /** The dispatcher appends on the subscribing thread, so each report subscribes on a thread of its own. */
    private void reportConcurrently(String releaseId, int reports) {
        Flux.range(0, reports).map(i -> "together-" + UUID.randomUUID())
                .flatMap(ticketId -> commands.dispatch(new ReportTicket(ticketId, releaseId, "Checkout fails",
                        "500 on pay", null, null, "alice", Instant.now()), "tester", UUID.randomUUID().toString(),
                        Target.ticket(ticketId)).subscribeOn(Schedulers.boundedElastic()), reports)
                .blockLast(WAIT);
    }

    private Optional<BsonDocument> sharedDocumentFrom(long position) {
        return Optional.ofNullable(database.getCollection(LedgerSchema.COMMITS, BsonDocument.class)
                .find(Filters.and(Filters.gte("_id", position), Filters.exists(LedgerSchema.COMMIT_SIZES))).first());
    }

    /**
     * As the demo writes its story: every event's {@code at} days before it was recorded. Before, a
     * replay at any time such an answer shows was 404, the commits lying far beyond 5 s past it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void a_replay_at_a_backdated_time_an_answer_shows_includes_its_event() {
        String service = Ids.service("backdated");
        String releaseId = ReleaseId.of(service, "1.0.0");
        String ticketId = "backdated-" + UUID.randomUUID();
        // Long before anything else the shared log holds, so no later commit's event counts as stamped by then.
        Instant deployed = Instant.parse("1994-03-01T09:00:00Z").plusSeconds(System.nanoTime() % 86_400);
        Instant reported = deployed.plus(Duration.ofDays(2));
        Instant prioritised = reported.plus(Duration.ofDays(1));
        send(new RegisterRelease(releaseId, service, "1.0.0", deployed, null, null, "rel-eng", deployed),
                Target.release(releaseId));
        send(new ReportTicket(ticketId, releaseId, "Checkout fails", "500 on pay", null, null, "alice", reported),
                Target.ticket(ticketId));
        send(new Prioritise(ticketId, Severity.S1, Urgency.HIGH, "payments down", "bob", prioritised),
                Target.ticket(ticketId));
        long head = engine.head();
        Map<?, ?> ticket = get("/api/tickets/" + ticketId + "?after=" + head).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        List<Map<?, ?>> history = (List<Map<?, ?>>) ticket.get("history");

        assertThat(history).extracting(entry -> Instant.parse((String) entry.get("at")))
                .containsExactly(reported, prioritised);
        assertThat(replay(releaseId, "?at=" + deployed).get("tickets")).asList().isEmpty();
        assertThat(tickets(replay(releaseId, "?at=" + history.get(0).get("at"))))
                .singleElement().satisfies(shown -> assertThat(shown).containsEntry("status", "REPORTED"));
        assertThat(tickets(replay(releaseId, "?at=" + history.get(1).get("at"))))
                .singleElement().satisfies(shown -> assertThat(shown).containsEntry("priority", "P1"));
        get("/api/releases/" + releaseId + "/replay?at=" + deployed.minusMillis(1)).expectStatus().isNotFound();
    }

    private void send(Object command, Target target) {
        commands.dispatch(command, "tester", UUID.randomUUID().toString(), target).block(WAIT);
    }

    private void markDuplicate(String duplicate, String canonical) {
        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                Map.of("canonicalTicketId", canonical)).expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tickets(Map<?, ?> replay) {
        return (List<Map<String, Object>>) replay.get("tickets");
    }

    private static Map<String, Object> byTicketId(Map<?, ?> replay) {
        Map<String, Object> byId = new HashMap<>();
        tickets(replay).forEach(ticket -> byId.put((String) ticket.get("ticketId"), ticket));
        return byId;
    }

    private Map<?, ?> replay(String releaseId, String query) {
        return get("/api/releases/" + releaseId + "/replay" + query).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec get(String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange();
    }
}
