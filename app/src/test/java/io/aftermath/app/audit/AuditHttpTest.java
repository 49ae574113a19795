package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.EventHasher;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

@AftermathHttpTest
class AuditHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine engine;
    @Autowired
    MongoDatabase database;

    private Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void the_log_exports_as_ndjson_with_positions_streams_and_hashes() throws Exception {
        long from = engine.head();
        String releaseId = api.freshRelease();
        String ticketId = api.reportTicket(releaseId, "Export me");

        String body = get(TestUsers.AUDITOR, "/api/events?from=" + from + "&limit=10")
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/x-ndjson"))
                .expectHeader().valueEquals("X-Aftermath-Next", Long.toString(from + 2))
                .expectBody(String.class).returnResult().getResponseBody();

        List<String> lines = body.lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode ticket = JSON.readTree(lines.get(1));
        assertThat(ticket.get("position").asLong()).isEqualTo(from + 1);
        assertThat(ticket.get("stream").asText()).isEqualTo(ticketId);
        assertThat(ticket.get("sequence").asLong()).isZero();
        assertThat(ticket.get("type").asText()).endsWith("TicketReported");
        assertThat(ticket.get("payload").get("title").asText()).isEqualTo("Export me");
        assertThat(ticket.get("metadata").get("actor").asText()).isEqualTo(TestUsers.REPORTER);
        assertThat(ticket.get("metadata").get("timestamp").asText()).isEqualTo(ticket.get("timestamp").asText());
        assertThat(ticket.get("hash").asText()).hasSize(64);
        assertThat(ticket.get("previousHash").asText()).isEqualTo("0".repeat(64));
    }

    /** What a check made elsewhere does: SHA-256 of the canonical bytes, which decode to the line's fields. */
    @Test
    void with_canonical_every_line_carries_the_bytes_its_hash_covers() throws Exception {
        long from = engine.head();
        String ticketId = api.reportTicket(api.freshRelease(), "Hash me elsewhere");

        String body = get(TestUsers.AUDITOR, "/api/events?canonical=true&from=" + from + "&limit=10")
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        for (String text : body.lines().toList()) {
            JsonNode line = JSON.readTree(text);
            byte[] canonical = Base64.getDecoder().decode(line.get("canonical").asText());
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)))
                    .isEqualTo(line.get("hash").asText());
            BsonDocument covered = new RawBsonDocument(canonical);
            assertThat(covered.keySet()).containsExactly("position", "eventId", "aggregateType", "aggregateId",
                    "sequence", "timestamp", "payloadType", "payloadRevision", "payload", "metaData", "previousHash");
            assertThat(covered.getInt64("position").getValue()).isEqualTo(line.get("position").asLong());
            assertThat(covered.getString("aggregateId").getValue()).isEqualTo(line.get("stream").asText());
            assertThat(covered.getString("previousHash").getValue()).isEqualTo(line.get("previousHash").asText());
            assertThat(JSON.readTree(covered.getDocument("payload").toJson())).isEqualTo(line.get("payload"));
        }
        assertThat(body).contains(ticketId);
        assertThat(get(TestUsers.AUDITOR, "/api/events?from=" + from).expectBody(String.class).returnResult()
                .getResponseBody()).as("only when asked for").doesNotContain("\"canonical\"");
    }

    /** Tester 10: from 2,000,000 took 12 s, from 99,999,999 never answered, walking back down to the head. */
    @ParameterizedTest
    @ValueSource(longs = {2_000_000L, 99_999_999L, Long.MAX_VALUE})
    void a_page_far_past_the_head_is_empty_at_once(long from) {
        get(TestUsers.AUDITOR, "/api/events?from=" + from).expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Next", Long.toString(from))
                .expectHeader().doesNotExist("X-Aftermath-Gap")
                .expectBody().isEmpty();
    }

    @Test
    void only_auditors_and_admins_export_and_verify() {
        get(TestUsers.REPORTER, "/api/events").expectStatus().isForbidden();
        get(TestUsers.RESPONDER, "/api/audit/verify").expectStatus().isForbidden();
        get(TestUsers.ADMIN, "/api/events?limit=1").expectStatus().isOk();
        get(TestUsers.AUDITOR, "/api/events?limit=0").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void verification_of_a_release_names_the_tampered_event_and_passes_once_restored() {
        String releaseId = api.freshRelease();
        String ticketId = api.reportTicket(releaseId, "Tamper with me");
        String hotfixId = api.registerRelease(releaseId.substring(0, releaseId.indexOf('@')), "1.0.1", releaseId);
        String hotfixTicket = api.reportTicket(hotfixId, "Seen in the hotfix");

        Map<?, ?> intact = verify(releaseId);
        assertThat(intact.get("intact")).isEqualTo(true);
        assertThat(intact.containsKey("voidPositions") && intact.get("voidPositions") == null).as("whole log only")
                .isTrue();
        assertThat(streams(intact)).containsExactlyInAnyOrder(releaseId, hotfixId, ticketId,
                hotfixTicket);

        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument commit = commits.find(Filters.eq(LedgerSchema.STREAMS, ticketId + "#0")).first();
        List<BsonValue> events = commit.getArray(LedgerSchema.EVENTS).getValues();
        int index = indexOf(events, ticketId);
        String title = "events." + index + ".payload.title";
        commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.set(title, "Nothing to see"));
        try {
            Map<?, ?> broken = verify(releaseId);
            assertThat(broken.get("intact")).isEqualTo(false);
            Map<?, ?> link = (Map<?, ?>) broken.get("firstBrokenLink");
            assertThat(link.get("aggregateId")).isEqualTo(ticketId);
            assertThat(((Number) link.get("position")).longValue())
                    .isEqualTo(events.get(index).asDocument().getInt64(LedgerSchema.POSITION).getValue());
            assertThat((String) link.get("problem")).contains("content does not match");
        } finally {
            commits.updateOne(Filters.eq("_id", commit.get("_id")),
                    Updates.set(title, new BsonString("Tamper with me")));
        }
        assertThat(verify(releaseId).get("intact")).isEqualTo(true);
        Map<?, ?> wholeLog = get(TestUsers.AUDITOR, "/api/audit/verify").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(wholeLog.get("intact")).isEqualTo(true);
        assertThat(wholeLog.get("voidPositions")).as("a log whose every commit got written has no void").isEqualTo(0);
        get(TestUsers.AUDITOR, "/api/audit/verify?releaseId=nothing@0").expectStatus().isNotFound();
        // One no release could be named by is refused as the triage queue and the search refuse it, not looked up.
        get(TestUsers.AUDITOR, "/api/audit/verify?releaseId=nothing").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("releaseId");
        get(TestUsers.AUDITOR, "/api/audit/verify?releaseId=a@1,b@2").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message")
                .isEqualTo("must be one release id, service@version; verify one release at a time, or the whole log");
    }

    /**
     * Tester 26: whoever can write to the store can change an event and recompute its hash (the chains are
     * unkeyed), and the log still verified intact. A checkpoint kept outside the store does not match it.
     */
    @Test
    void a_checkpoint_kept_outside_the_store_exposes_a_rewrite_whose_hashes_were_recomputed() {
        String ticketId = api.reportTicket(api.freshRelease(), "Checkout fails for every card");
        Map<?, ?> kept = (Map<?, ?>) verifyAll("").get("checkpoint");
        long position = ((Number) kept.get("position")).longValue();
        String digest = (String) kept.get("digest");
        assertThat(digest).hasSize(64);
        api.reportTicket(api.freshRelease(), "Written after the checkpoint");
        assertThat(verifyAll("?position=" + position + "&digest=" + digest.toUpperCase()).get("intact")).isEqualTo(true);
        assertThat(verifyAll("?position=" + position).get("checkpoint")).isEqualTo(kept);

        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument commit = commits.find(Filters.eq(LedgerSchema.STREAMS, ticketId + "#0")).first();
        List<BsonValue> events = commit.getArray(LedgerSchema.EVENTS).getValues();
        int index = indexOf(events, ticketId);
        BsonDocument original = events.get(index).asDocument();
        BsonDocument forged = original.clone();
        forged.getDocument("payload").put("title", new BsonString("Nothing to see"));
        String field = "events." + index;
        commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.combine(
                Updates.set(field + ".payload.title", "Nothing to see"), Updates.set(field + ".hash", EventHasher.hash(forged))));
        try {
            assertThat(verifyAll("").get("intact")).as("the chains agree with each other").isEqualTo(true);

            Map<?, ?> checked = verifyAll("?position=" + position + "&digest=" + digest);
            assertThat(checked.get("intact")).isEqualTo(false);
            assertThat((String) ((Map<?, ?>) checked.get("firstBrokenLink")).get("problem"))
                    .startsWith("the events before position " + position + " do not match the checkpoint's digest");
        } finally {
            commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.combine(
                    Updates.set(field + ".payload.title", original.getDocument("payload").getString("title")),
                    Updates.set(field + ".hash", original.getString("hash"))));
        }
        assertThat(verifyAll("?position=" + position + "&digest=" + digest).get("intact")).isEqualTo(true);
    }

    /** Tester 26: removing the log's last commits left nothing for the chains to notice. */
    @Test
    void a_log_ending_before_a_kept_checkpoint_is_not_intact() {
        api.reportTicket(api.freshRelease(), "Checkout fails for every card");
        Map<?, ?> kept = (Map<?, ?>) verifyAll("").get("checkpoint");
        long beyond = ((Number) kept.get("position")).longValue() + 1_000_000;

        Map<?, ?> checked = verifyAll("?position=" + beyond + "&digest=" + kept.get("digest"));

        assertThat(checked.get("intact")).isEqualTo(false);
        assertThat((String) ((Map<?, ?>) checked.get("firstBrokenLink")).get("problem"))
                .startsWith("the log ends at position ").contains("before the checkpoint's position " + beyond);
    }

    /** Tester 35: with the last commit deleted, the whole-log check said intact and gave a checkpoint of what was left. */
    @Test
    void a_log_missing_its_last_commit_is_not_intact_where_the_node_had_seen_further() {
        api.reportTicket(api.freshRelease(), "Checkout fails for every card");
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument last = commits.find().sort(Sorts.descending("_id")).first();
        commits.deleteOne(Filters.eq("_id", last.get("_id")));
        try {
            Map<?, ?> checked = verifyAll("");

            assertThat(checked.get("intact")).isEqualTo(false);
            assertThat(checked.get("checkpoint")).isNull();
            assertThat((String) ((Map<?, ?>) checked.get("firstBrokenLink")).get("problem"))
                    .startsWith("the log ends at position " + last.getInt64("_id").getValue())
                    .endsWith("commits were removed from its end");
        } finally {
            commits.insertOne(last);
        }
        assertThat(verifyAll("").get("intact")).isEqualTo(true);
    }

    @Test
    void a_checkpoint_is_a_position_and_a_digest_of_the_whole_log() {
        String digest = "ab".repeat(32);
        get(TestUsers.AUDITOR, "/api/audit/verify?digest=" + digest).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("position");
        get(TestUsers.AUDITOR, "/api/audit/verify?position=3&digest=abc").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("digest");
        get(TestUsers.AUDITOR, "/api/audit/verify?position=-1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("position");
        get(TestUsers.AUDITOR, "/api/audit/verify?position=3&releaseId=" + api.freshRelease()).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("position");
        assertThat(verifyAll("?position=0").get("checkpoint")).isEqualTo(Map.of("position", 0, "digest", "0".repeat(64)));
    }

    /** Commits written together share a document: where the stream's event sits among its events. */
    private static int indexOf(List<BsonValue> events, String aggregateId) {
        return IntStream.range(0, events.size())
                .filter(i -> events.get(i).asDocument().getString(LedgerSchema.AGGREGATE_ID).getValue().equals(aggregateId))
                .findFirst().orElseThrow();
    }

    private Map<?, ?> verifyAll(String query) {
        return get(TestUsers.AUDITOR, "/api/audit/verify" + query).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_release_replays_as_it_stood_at_a_position_or_an_instant() {
        String releaseId = api.freshRelease();
        String first = api.reportTicket(releaseId, "First");
        long afterFirst = engine.head();
        Instant between = Instant.now();
        String second = api.reportTicket(releaseId, "Second");
        api.post(TestUsers.TRIAGER, "/api/tickets/" + second + "/prioritise",
                Map.of("severity", "S1", "urgency", "HIGH", "reason", "payments down")).expectStatus().isOk();

        Map<?, ?> then = replay(releaseId, "?position=" + afterFirst);
        assertThat(tickets(then)).extracting(t -> t.get("ticketId")).containsExactly(first);
        assertThat(then.get("ticketsByStatus")).isEqualTo(Map.of("REPORTED", 1));

        long head = engine.head();
        Map<?, ?> now = replay(releaseId, "");
        assertThat(tickets(now)).extracting(t -> t.get("ticketId")).containsExactly(first, second);
        assertThat(((Number) now.get("end")).longValue()).as("the cut of a replay of now").isEqualTo(head);
        assertThat(((Number) replay(releaseId, "?position=999999999").get("end")).longValue())
                .as("a position past the head cuts at the head").isEqualTo(head);
        assertThat(tickets(now).get(1).get("priority")).isEqualTo("P1");
        assertThat(now.get("openTicketsByPriority")).as("the first, open and not prioritised, under NONE")
                .isEqualTo(Map.of("P1", 1, "NONE", 1));

        assertThat(tickets(replay(releaseId, "?at=" + between))).hasSizeLessThanOrEqualTo(1);
        Map<?, ?> asOfLastEvent = replay(releaseId, "?at=" + now.get("lastRecordedAt"));
        assertThat(tickets(asOfLastEvent).get(1).get("priority"))
                .as("as of the instant the last event shows, it is in").isEqualTo("P1");
        Map<?, ?> ticket = get(TestUsers.AUDITOR, "/api/tickets/" + second + "?after=" + head).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Object prioritisedAt = ((List<Map<?, ?>>) ticket.get("history")).stream()
                .filter(entry -> "TicketPrioritised".equals(entry.get("type"))).findFirst().orElseThrow().get("at");
        assertThat(tickets(replay(releaseId, "?at=" + prioritisedAt)).get(1).get("priority"))
                .as("as of the instant the ticket's history shows for it").isEqualTo("P1");
        get(TestUsers.AUDITOR, "/api/releases/" + releaseId + "/replay?at=yesterday").expectStatus().isBadRequest();
        client.get().uri("/api/releases/{id}/replay?at={at}", releaseId, "+1000000000-12-31T23:59:59Z")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("years 0000 to 9999"));
        get(TestUsers.AUDITOR, "/api/releases/nothing@0/replay").expectStatus().isNotFound();
        get(TestUsers.AUDITOR, "/api/releases/" + releaseId + "/replay?position=0").expectStatus().isNotFound();
    }

    /**
     * Before, the replay listed the hotfix and the ticket it fixed but not the update published on
     * the hotfix, which the release's timeline shows (and the hotfix's own page lists).
     */
    @Test
    @SuppressWarnings("unchecked")
    void a_release_replays_the_user_updates_published_on_its_hotfixes_as_they_stood() {
        String releaseId = api.freshRelease();
        String hotfixId = api.registerRelease(releaseId.substring(0, releaseId.indexOf('@')), "1.0.1", releaseId);
        String ticketId = api.reportTicket(releaseId, "Checkout fails");
        api.resolve(ticketId, "HOTFIXED", hotfixId);
        long beforeUpdate = engine.head();
        String updateId = (String) api.post(TestUsers.RESPONDER, "/api/releases/" + hotfixId + "/user-updates",
                        Map.of("status", "RESOLVED", "channel", "status page", "message", "Checkout works again",
                                "ticketIds", List.of(ticketId)))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("updateId");
        long head = engine.head();

        Map<?, ?> before = replay(releaseId, "?position=" + beforeUpdate);
        assertThat(before.get("hotfixes")).isEqualTo(List.of(hotfixId));
        assertThat(tickets(before)).singleElement().satisfies(ticket -> assertThat(ticket)
                .containsEntry("ticketId", ticketId).containsEntry("fixedIn", hotfixId));
        assertThat(before.get("userUpdates")).asList().isEmpty();

        Map<?, ?> timeline = get(TestUsers.AUDITOR, "/api/releases/" + releaseId + "/timeline?after=" + head)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> shown = ((List<Map<?, ?>>) timeline.get("entries")).stream()
                .filter(entry -> "USER_UPDATE".equals(entry.get("kind"))).findFirst().orElseThrow();
        assertThat(shown.get("releaseId")).isEqualTo(hotfixId);
        Map<?, ?> after = replay(releaseId, "?at=" + shown.get("at"));
        assertThat((List<Map<String, Object>>) after.get("userUpdates")).singleElement().satisfies(update ->
                assertThat(update).containsEntry("updateId", updateId).containsEntry("releaseId", hotfixId)
                        .containsEntry("status", "RESOLVED").containsEntry("channel", "status page")
                        .containsEntry("message", "Checkout works again")
                        .containsEntry("ticketIds", List.of(ticketId)).containsEntry("actor", TestUsers.RESPONDER)
                        .satisfies(published -> assertThat(Instant.parse((String) published.get("at"))
                                .truncatedTo(ChronoUnit.MILLIS)).isEqualTo(Instant.parse((String) shown.get("at")))));
    }

    @SuppressWarnings("unchecked")
    private static List<String> streams(Map<?, ?> verification) {
        return (List<String>) verification.get("streams");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tickets(Map<?, ?> replay) {
        return (List<Map<String, Object>>) replay.get("tickets");
    }

    private Map<?, ?> verify(String releaseId) {
        return get(TestUsers.AUDITOR, "/api/audit/verify?releaseId=" + releaseId).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<?, ?> replay(String releaseId, String query) {
        return get(TestUsers.AUDITOR, "/api/releases/" + releaseId + "/replay" + query).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec get(String user, String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).exchange();
    }
}
