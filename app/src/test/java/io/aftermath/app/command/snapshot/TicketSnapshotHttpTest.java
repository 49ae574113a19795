package io.aftermath.app.command.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;

/**
 * Tester 43: a canonical ticket with 1,500 duplicates was read whole by every command on it (seconds under
 * load), as tickets were never snapshotted. Its commands go on from the snapshot as they would from the events.
 */
@AftermathHttpTest
class TicketSnapshotHttpTest {

    private static final int DUPLICATES = 110;

    @Autowired
    WebTestClient client;
    @Autowired
    MongoDatabase database;

    @Test
    void a_ticket_with_a_long_history_is_snapshotted_and_its_commands_go_on_from_the_snapshot() {
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        String canonical = api.reportTicket(releaseId, "Checkout fails for everyone");
        String last = null;
        for (int i = 0; i < DUPLICATES; i++) {
            last = api.reportTicket(releaseId, "Cannot pay " + i);
            markDuplicate(last, canonical);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(snapshotSequence(canonical))
                .as("the canonical ticket's snapshot").isGreaterThanOrEqualTo(99));
        String etag = api.post(TestUsers.TRIAGER, "/api/tickets/" + canonical + "/prioritise",
                        Map.of("severity", "S1", "urgency", "HIGH", "reason", "everyone is hit"))
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();
        long version = Long.parseLong(etag.replace("\"", ""));
        api.post(TestUsers.TRIAGER, "/api/tickets/" + last + "/reopen", Map.of("reason", "not the same fault"))
                .expectStatus().isOk();
        markDuplicate(last, canonical);
        // Detached and attached again: two more events on the canonical ticket, counted from its snapshot on.
        api.post(TestUsers.TRIAGER, "/api/tickets/" + canonical + "/prioritise",
                        Map.of("severity", "S2", "urgency", "HIGH", "reason", "workaround found"),
                        headers -> headers.setIfMatch("\"" + (version + 2) + "\""))
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"" + (version + 3) + "\"");

        // Tester 44: a snapshot of another revision was used all the same (a forged one decided the next command).
        database.getCollection(LedgerSchema.SNAPSHOTS).updateMany(Filters.eq(LedgerSchema.AGGREGATE_ID, canonical),
                Updates.combine(Updates.set(LedgerSchema.PAYLOAD_REVISION, "9"),
                        Updates.set(LedgerSchema.PAYLOAD + ".status", "RESOLVED")));
        api.post(TestUsers.TRIAGER, "/api/tickets/" + canonical + "/prioritise",
                        Map.of("severity", "S3", "urgency", "HIGH", "reason", "contained"))
                .expectStatus().isOk();
    }

    private void markDuplicate(String ticketId, String canonical) {
        new Api(client).post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/mark-duplicate",
                Map.of("canonicalTicketId", canonical)).expectStatus().isOk();
    }

    private long snapshotSequence(String ticketId) {
        BsonDocument head = database.getCollection(LedgerSchema.SNAPSHOT_HEADS, BsonDocument.class)
                .find(Filters.eq(LedgerSchema.ID, ticketId)).first();
        return head == null ? -1 : head.getInt64(LedgerSchema.SEQUENCE).getValue();
    }
}
