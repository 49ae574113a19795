package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;

/**
 * A commit deleted from the store by someone with write access. Before, the whole-log verification
 * named the hole, but the release-scoped one said 404, the replay 404 and the export ended before
 * the hole, each without a sign of why. A release's events are refused as its replay is, also when
 * {@code from} asks only for what lies beyond the hole.
 */
@AftermathHttpTest
class AuditLedgerHoleHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoDatabase database;

    @Test
    void a_deleted_commit_is_named_by_the_release_verification_the_replay_the_events_and_the_export() {
        Api api = new Api(client);
        String deletedRelease = api.freshRelease();
        String releaseId = api.freshRelease();
        api.reportTicket(releaseId, "Past the hole");
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument deleted = commits.find(Filters.eq(LedgerSchema.STREAMS, deletedRelease + "#0")).first();
        long hole = deleted.getInt64(LedgerSchema.ID).getValue();
        long beyond = hole + deleted.getInt32(LedgerSchema.COUNT).getValue();
        BsonDateTime recorded = commits.find(Filters.eq(LedgerSchema.ID, beyond)).first()
                .getDateTime(LedgerSchema.COMMITTED_AT);
        String problem = "no commit at position " + hole + " but one at " + beyond;

        commits.deleteOne(Filters.eq(LedgerSchema.ID, hole));
        try {
            // Stamped a minute ahead (a node whose clock runs fast), the commit beyond may be one written
            // just ahead of a commit still in flight: the check ends there without naming a break.
            recordBeyond(commits, beyond, Instant.now().plusSeconds(60));
            get("/api/audit/verify").expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(true)
                    .jsonPath("$.inFlightAt").isEqualTo(hole)
                    .jsonPath("$.firstBrokenLink").isEmpty();
            // Recorded a minute ago, the commit beyond cannot be one still being written ahead of the hole.
            recordBeyond(commits, beyond, Instant.now().minusSeconds(60));
            get("/api/audit/verify?releaseId=" + releaseId).expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.firstBrokenLink.position").isEqualTo(hole)
                    .jsonPath("$.firstBrokenLink.problem").isEqualTo(problem);
            get("/api/audit/verify").expectStatus().isOk().expectBody()
                    .jsonPath("$.firstBrokenLink.problem").isEqualTo(problem)
                    .jsonPath("$.inFlightAt").isEmpty();
            String release = "/api/releases/" + releaseId;
            for (String read : List.of(release + "/replay", release + "/replay?position=" + (beyond + 1),
                    release + "/replay?at=" + Instant.now(), release + "/events",
                    release + "/events?position=" + (beyond + 1), release + "/events?at=" + Instant.now(),
                    release + "/events?from=" + beyond)) {
                get(read).expectStatus().isEqualTo(500)
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.code").isEqualTo("LEDGER_INCOMPLETE")
                        .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                                .contains(problem, "/api/audit/verify"));
            }
            get("/api/events?from=" + Math.max(0, hole - 5) + "&limit=10").expectStatus().isOk()
                    .expectHeader().valueEquals("X-Aftermath-Next", Long.toString(hole))
                    .expectHeader().valueEquals("X-Aftermath-Gap", Long.toString(hole));
            get("/api/events?from=" + hole + "&limit=10").expectStatus().isOk()
                    .expectHeader().valueEquals("X-Aftermath-Gap", Long.toString(hole));
        } finally {
            commits.updateOne(Filters.eq(LedgerSchema.ID, beyond), Updates.set(LedgerSchema.COMMITTED_AT, recorded));
            commits.insertOne(deleted);
        }
        get("/api/audit/verify?releaseId=" + releaseId).expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(true);
        get("/api/events?from=" + hole + "&limit=1").expectStatus().isOk()
                .expectHeader().doesNotExist("X-Aftermath-Gap");
        Map<?, ?> replay = get("/api/releases/" + releaseId + "/replay").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(replay.get("tickets")).asList().hasSize(1);
        get("/api/releases/" + releaseId + "/events").expectStatus().isOk();
    }

    /**
     * Tester 10: the ticket loaded only up to the deleted commit, so a reopen was refused as of an open ticket,
     * an assignment appended a new event 1 in its place, and the deleted commit could never be put back.
     */
    @Test
    void a_command_on_a_stream_missing_a_commit_is_refused_and_appends_nothing() {
        Api api = new Api(client);
        String ticketId = api.reportTicket(api.freshRelease(), "Its prioritisation goes missing");
        api.prioritise(ticketId, "S2", "HIGH");
        api.prioritise(ticketId, "S3", "LOW");
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument deleted = commits.find(Filters.eq(LedgerSchema.STREAMS, ticketId + "#1")).first();
        String key = "assign-" + ticketId;

        commits.deleteOne(Filters.eq(LedgerSchema.ID, deleted.getInt64(LedgerSchema.ID).getValue()));
        try {
            api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "sam"),
                            headers -> headers.set("Idempotency-Key", key))
                    .expectStatus().isEqualTo(500)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("LEDGER_INCOMPLETE")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("misses its event 1", "back from a backup", "/api/audit/verify"));
            assertThat(commits.countDocuments(Filters.eq(LedgerSchema.STREAMS, ticketId + "#1")))
                    .as("no event appended in the deleted one's place").isZero();
        } finally {
            commits.insertOne(deleted);
        }
        // The same request under the same key runs now: the refusal decided nothing (tester 11: it was replayed).
        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "sam"),
                        headers -> headers.set("Idempotency-Key", key))
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"3\"")
                .expectHeader().doesNotExist("Idempotent-Replayed");
    }

    /** Tester 40: the 500 was kept under the key and replayed for a day after the commit was put back. */
    @Test
    void a_command_on_a_stream_holding_a_malformed_commit_is_refused_and_leaves_its_key_free() {
        Api api = new Api(client);
        String ticketId = api.reportTicket(api.freshRelease(), "Its prioritisation is changed by hand");
        api.prioritise(ticketId, "S2", "HIGH");
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument changed = commits.find(Filters.eq(LedgerSchema.STREAMS, ticketId + "#1")).first();
        long position = changed.getInt64(LedgerSchema.ID).getValue();
        String key = "assign-malformed-" + ticketId;

        commits.updateOne(Filters.eq(LedgerSchema.ID, position), Updates.set(LedgerSchema.COUNT, "2"));
        try {
            api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "sam"),
                            headers -> headers.set("Idempotency-Key", key))
                    .expectStatus().isEqualTo(500)
                    .expectBody().jsonPath("$.code").isEqualTo("STORE_MALFORMED");
        } finally {
            commits.replaceOne(Filters.eq(LedgerSchema.ID, position), changed);
        }
        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "sam"),
                        headers -> headers.set("Idempotency-Key", key))
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectHeader().doesNotExist("Idempotent-Replayed");
    }

    private static void recordBeyond(MongoCollection<BsonDocument> commits, long beyond, Instant at) {
        commits.updateOne(Filters.eq(LedgerSchema.ID, beyond),
                Updates.set(LedgerSchema.COMMITTED_AT, new BsonDateTime(at.toEpochMilli())));
    }

    /** Tester 39: 500 INTERNAL on every read of the log, and a check of the whole log blamed position 0. */
    @Test
    void a_commit_changed_out_of_the_ledgers_shape_is_named_not_an_internal_error() {
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument changed = commits.find(Filters.eq(LedgerSchema.STREAMS, releaseId + "#0")).first();
        long position = changed.getInt64(LedgerSchema.ID).getValue();

        commits.updateOne(Filters.eq(LedgerSchema.ID, position), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));
        try {
            get("/api/releases/" + releaseId + "/replay").expectStatus().isEqualTo(500)
                    .expectBody().jsonPath("$.code").isEqualTo("STORE_MALFORMED")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("/api/audit/verify"));
            get("/api/audit/verify").expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.firstBrokenLink.problem").value(problem -> assertThat((String) problem)
                            .contains("is not stored as the ledger writes it"));
            // Tester 40: a read ending before it failed on it all the same.
            client.get().uri("/api/events?from=" + (position - 1) + "&limit=1")
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("X-Aftermath-Next", Long.toString(position));
            // Tester 40: 500 STORE_MALFORMED, its detail pointing at the check of the whole log.
            get("/api/audit/verify?releaseId=" + releaseId).expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.firstBrokenLink.position").isEqualTo(position)
                    .jsonPath("$.firstBrokenLink.problem").value(problem -> assertThat((String) problem)
                            .contains("is not stored as the ledger writes it"));
        } finally {
            commits.replaceOne(Filters.eq(LedgerSchema.ID, position), changed);
        }
        get("/api/releases/" + releaseId + "/replay").expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec get(String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange();
    }
}
