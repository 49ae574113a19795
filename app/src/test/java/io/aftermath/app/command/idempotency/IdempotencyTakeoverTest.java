package io.aftermath.app.command.idempotency;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.web.idempotency.IdempotencyFilter;
import io.aftermath.shared.web.idempotency.IdempotencyStore;

/**
 * A node that dies between appending a keyed request's events and storing its response leaves the key
 * unfinished; after the lease a retry takes it over and runs the request again. These tests stage that
 * death in the key's document (the state a killed node leaves) and check that the run after it
 * answers as the first run would have, without recording anything twice.
 */
@AftermathHttpTest
class IdempotencyTakeoverTest {

    private static final Duration PAST_THE_LEASE = Duration.ofMinutes(3);

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    @Autowired
    MongoDatabase database;
    Api api;
    String releaseId;
    String key;

    record Write(String name, String user, String path, String body, MediaType type) {

        Write(String name, String user, String path, String body) {
            this(name, user, path, body, MediaType.APPLICATION_JSON);
        }

        Write at(String releaseId) {
            return new Write(name, user, path.replace("{release}", releaseId),
                    body.replace("{release}", releaseId).replace("{service}", Ids.service("takeover")), type);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Write REPORT = new Write("report a ticket", TestUsers.REPORTER, "/api/tickets",
            "{\"releaseId\":\"{release}\",\"title\":\"Checkout fails\",\"description\":\"500s\"}");
    static final Write LESSON = new Write("record a lesson", TestUsers.RESPONDER, "/api/releases/{release}/lessons",
            "{\"title\":\"Retries amplified it\",\"whatHappened\":\"A retry storm\"}");

    static Stream<Write> creates() {
        return Stream.of(REPORT, LESSON,
                new Write("add an action item", TestUsers.RESPONDER, "/api/releases/{release}/action-items",
                        "{\"title\":\"Add jitter\",\"owner\":\"platform-team\"}"),
                new Write("publish a user update", TestUsers.RESPONDER, "/api/releases/{release}/user-updates",
                        "{\"status\":\"INVESTIGATING\",\"channel\":\"status page\",\"message\":\"Looking into it\"}"),
                new Write("register a release", TestUsers.RESPONDER, "/api/releases",
                        "{\"service\":\"{service}\",\"version\":\"2.0.0\"}"));
    }

    @BeforeEach
    void setUp() {
        api = new Api(client);
        releaseId = api.freshRelease();
        key = UUID.randomUUID().toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void a_create_appended_by_a_node_that_died_is_answered_as_created_and_not_recorded_again(Write template) {
        Write create = template.at(releaseId);
        EntityExchangeResult<byte[]> first = send(create).expectStatus().isCreated().expectBody().returnResult();
        LedgerHead afterFirst = LedgerHead.remember(ledger);
        diedBeforeStoringTheResponse(create.user());

        EntityExchangeResult<byte[]> rerun = send(create).expectStatus().isCreated().expectBody().returnResult();
        EntityExchangeResult<byte[]> replay = send(create).expectStatus().isCreated().expectBody().returnResult();

        afterFirst.assertUnchanged();
        assertThat(body(rerun)).isEqualTo(body(first));
        assertThat(rerun.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(rerun.getResponseHeaders().getETag()).isNotNull().isEqualTo(first.getResponseHeaders().getETag());
        assertThat(Long.parseLong(rerun.getResponseHeaders().getFirst("X-Aftermath-Position")))
                .isGreaterThanOrEqualTo(Long.parseLong(first.getResponseHeaders().getFirst("X-Aftermath-Position")));
        assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(body(replay)).isEqualTo(body(first));
    }

    @Test
    void a_change_appended_by_a_node_that_died_is_answered_as_done_and_not_applied_again() {
        String ticketId = api.reportTicket(releaseId, "Slow search");
        Write prioritise = new Write("prioritise", TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise",
                "{\"severity\":\"S2\",\"urgency\":\"HIGH\",\"reason\":\"checkout is down\"}");

        assertThat(rerunAfterItsNodeDied(prioritise)).contains("\"priority\"");
    }

    @Test
    void a_reopen_repeated_after_its_node_died_is_not_refused_as_already_reopened() {
        String ticketId = api.reportTicket(releaseId, "Login loops");
        api.resolve(ticketId, "FIXED", null);
        Write reopen = new Write("reopen", TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/reopen",
                "{\"reason\":\"seen again\"}");

        rerunAfterItsNodeDied(reopen);
    }

    @Test
    void an_import_repeated_after_its_node_died_reports_what_the_first_run_imported_as_imported() {
        String lines = postmortem("Queue stalled") + "\n" + postmortem("Cache stampede") + "\n";
        Write importing = new Write("import", TestUsers.RESPONDER, "/api/postmortems/import", lines,
                MediaType.APPLICATION_NDJSON);

        assertThat(rerunAfterItsNodeDied(importing)).contains("\"imported\":2");
    }

    @Test
    void a_lesson_repeated_after_the_retrospective_closed_is_still_answered_as_recorded() {
        Write lesson = LESSON.at(releaseId);
        EntityExchangeResult<byte[]> first = send(lesson).expectStatus().isCreated().expectBody().returnResult();
        diedBeforeStoringTheResponse(lesson.user());
        closeRetrospective();
        LedgerHead afterClose = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> rerun = send(lesson).expectStatus().isCreated().expectBody().returnResult();

        afterClose.assertUnchanged();
        assertThat(body(rerun)).isEqualTo(body(first));
        assertThat(rerun.getResponseHeaders().getETag()).as("the version the lesson reached, not the closed one")
                .isEqualTo(first.getResponseHeaders().getETag()).isEqualTo("\"1\"");
    }

    @Test
    void a_run_that_died_before_appending_runs_again_and_records_once() {
        Write report = REPORT.at(releaseId);
        diedBeforeAppending(report);
        LedgerHead before = LedgerHead.remember(ledger);

        EntityExchangeResult<byte[]> rerun = send(report).expectStatus().isCreated().expectBody().returnResult();
        send(report).expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");

        assertThat(before.grownBy()).isEqualTo(1);
        assertThat(rerun.getResponseHeaders().getLocation()).hasToString("/api/tickets/"
                + body(rerun).replaceAll(".*\"ticketId\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void a_repeat_that_finds_nothing_of_the_earlier_run_keeps_its_refusal() {
        Write lesson = LESSON.at(releaseId);
        diedBeforeAppending(lesson);
        closeRetrospective();
        LedgerHead afterClose = LedgerHead.remember(ledger);

        assertProblem(send(lesson), 409, "RETROSPECTIVE_CLOSED");

        afterClose.assertUnchanged();
    }

    /**
     * Runs the write, stages its node's death before the response was stored, and runs it again:
     * the repeat must append nothing and answer with the first run's body and {@code ETag} (none for
     * an import); the body is returned.
     */
    private String rerunAfterItsNodeDied(Write write) {
        EntityExchangeResult<byte[]> first = send(write).expectStatus().isOk().expectBody().returnResult();
        LedgerHead afterFirst = LedgerHead.remember(ledger);
        diedBeforeStoringTheResponse(write.user());

        EntityExchangeResult<byte[]> rerun = send(write).expectStatus().isOk().expectBody().returnResult();

        afterFirst.assertUnchanged();
        assertThat(body(rerun)).isEqualTo(body(first));
        assertThat(rerun.getResponseHeaders().getETag()).isEqualTo(first.getResponseHeaders().getETag());
        return body(rerun);
    }

    private WebTestClient.ResponseSpec send(Write create) {
        return client.post().uri(create.path())
                .headers(h -> h.setBasicAuth(create.user(), TestUsers.PASSWORD))
                .header("Idempotency-Key", key)
                .contentType(create.type())
                .bodyValue(create.body().getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    private void closeRetrospective() {
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/close-retrospective",
                Map.of("summary", "Done")).expectStatus().isOk();
    }

    /** What a node killed after its append leaves: the key claimed, no response, the lease run out. */
    private void diedBeforeStoringTheResponse(String user) {
        long updated = keys().updateOne(Filters.eq("_id", IdempotencyFilter.claimId(user, key)), Updates.combine(
                Updates.set("state", "IN_PROGRESS"),
                Updates.set("claimedAt", Date.from(Instant.now().minus(PAST_THE_LEASE))),
                Updates.unset("status"), Updates.unset("headers"), Updates.unset("body"),
                Updates.unset("completedAt"))).getModifiedCount();
        assertThat(updated).as("the key's document").isEqualTo(1);
    }

    /** What a node killed before its append leaves: the key claimed by a run nobody will finish. */
    private void diedBeforeAppending(Write create) {
        Instant claimed = Instant.now().minus(PAST_THE_LEASE);
        keys().insertOne(new Document("_id", IdempotencyFilter.claimId(create.user(), key))
                .append("user", create.user())
                .append("key", key)
                .append("fingerprint", IdempotencyFilter.fingerprint("POST", create.path(), create.type(),
                        create.body().getBytes(StandardCharsets.UTF_8)))
                .append("requestId", UUID.randomUUID().toString())
                .append("state", "IN_PROGRESS")
                .append("claimedAt", Date.from(claimed))
                .append("expiresAt", Date.from(claimed.plus(Duration.ofHours(24)))));
    }

    private MongoCollection<Document> keys() {
        return database.getCollection(IdempotencyStore.COLLECTION);
    }

    private static String postmortem(String title) {
        return "{\"uuid\":\"" + UUID.randomUUID() + "\",\"title\":\"" + title + "\",\"company\":\"Quill\","
                + "\"startTime\":\"2021-04-01T08:30:00Z\",\"body\":\"What happened: " + title + "\"}";
    }

    private static String body(EntityExchangeResult<byte[]> result) {
        return new String(result.getResponseBody(), StandardCharsets.UTF_8);
    }
}
