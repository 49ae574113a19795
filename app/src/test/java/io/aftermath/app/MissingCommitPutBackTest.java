package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.ProjectionStatuses;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * Tester 154: a rebuild held at a deleted commit, on a node that had written nothing since it started, stayed
 * {@code rebuilding} after the commit was put back, putting its switch off every 5 s, until the next write. Axon's
 * event store had no event cached, so the replay waited on its one shared read of the log, which went on from the
 * live processor at the head.
 */
class MissingCommitPutBackTest {

    @TempDir
    Path dir;

    @Test
    void a_rebuild_held_by_a_missing_commit_switches_once_it_is_put_back_though_nothing_is_written() {
        String held;
        try (AppNode writer = AppNode.start(dir, AppNode.arguments())) {
            MongoLedgerStorageEngine engine = writer.bean(MongoLedgerStorageEngine.class);
            Writes writes = new Writes(writer.client(), writer.bean(CommandGateway.class), engine);
            writes.release("before", "1.0");
            held = writes.release("held", "1.0");
            writes.report(writes.release("beyond", "1.0"), "Past the hole");
            long head = engine.head();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ProjectionStatuses.of(writer.client(), "triage")).containsEntry("position", (int) head));
        }

        try (AppNode node = AppNode.start(dir, AppNode.arguments())) {
            MongoCollection<BsonDocument> commits = node.bean(MongoDatabase.class)
                    .getCollection(LedgerSchema.COMMITS, BsonDocument.class);
            BsonDocument deleted = commits.findOneAndDelete(Filters.eq(LedgerSchema.STREAMS, held + "#0"));
            long hole = deleted.getInt64(LedgerSchema.ID).getValue();
            // Recorded a minute ago, the commits beyond cannot be ones written ahead of a commit in flight.
            commits.updateMany(Filters.gt(LedgerSchema.ID, hole), Updates.set(LedgerSchema.COMMITTED_AT,
                    new BsonDateTime(Instant.now().minusSeconds(60).toEpochMilli())));

            admin(node.client().post(), "/api/admin/projections/triage/rebuild").exchange()
                    .expectStatus().isAccepted();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ProjectionStatuses.of(node.client(), "triage"))
                            .containsEntry("rebuilding", true).containsEntry("missingCommitAt", (int) hole));

            commits.insertOne(deleted);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ProjectionStatuses.of(node.client(), "triage"))
                            .containsEntry("rebuilding", false).containsEntry("missingCommitAt", null));
        }
    }

    private static WebTestClient.RequestHeadersSpec<?> admin(WebTestClient.RequestHeadersUriSpec<?> method, String path) {
        return method.uri(path).headers(headers -> headers.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD));
    }
}
