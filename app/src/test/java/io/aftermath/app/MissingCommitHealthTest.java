package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.Writes;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A query node started on a log that lacks a commit (deleted from the store, or a backup restored
 * without it): its processors stop there for good. Before, only {@code /api/admin/projections} named
 * the position and health stayed UP while the lag grew. It takes a node started after the delete: on
 * the node that wrote them, a rebuild went on past the deleted commit, as Axon's embedded event store
 * hands processors the recent events it read before from memory.
 */
class MissingCommitHealthTest {

    @TempDir
    Path dir;

    @Test
    void a_query_node_held_by_a_missing_commit_is_degraded_says_where_and_still_answers_200() {
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"))) {
            String uri = "mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client());
            Writes writes = new Writes(command.client(), command.bean(CommandGateway.class),
                    command.bean(MongoLedgerStorageEngine.class));
            writes.release("before", "1.0");
            String deleted = writes.release("held", "1.0");
            writes.report(writes.release("beyond", "1.0"), "Past the hole");
            long hole;
            try (MongoClient mongo = MongoClients.create(uri)) {
                MongoCollection<BsonDocument> commits = mongo.getDatabase("aftermath")
                        .getCollection(LedgerSchema.COMMITS, BsonDocument.class);
                hole = commits.findOneAndDelete(Filters.eq(LedgerSchema.STREAMS, deleted + "#0"))
                        .getInt64(LedgerSchema.ID).getValue();
                // Recorded a minute ago, the commits beyond cannot be ones written ahead of a commit in flight.
                commits.updateMany(Filters.gt(LedgerSchema.ID, hole), Updates.set(LedgerSchema.COMMITTED_AT,
                        new BsonDateTime(Instant.now().minusSeconds(60).toEpochMilli())));
                // As a writer records it now and then: a starting node fills positions left empty past this
                // hint (batches a stopped writer had in flight) with voids, and the hole lies before it.
                mongo.getDatabase("aftermath").getCollection(LedgerSchema.LEDGER_META, BsonDocument.class).replaceOne(
                        Filters.eq(LedgerSchema.ID, LedgerSchema.HEAD_HINT_ID),
                        new BsonDocument(LedgerSchema.ID, new BsonString(LedgerSchema.HEAD_HINT_ID))
                                .append(LedgerSchema.POSITION, new BsonInt64(writes.position())),
                        new ReplaceOptions().upsert(true));
            }

            try (AppNode query = AppNode.start(dir.resolve("query"),
                    AppNode.arguments("--aftermath.roles=query", "--aftermath.mongo.uri=" + uri))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> query.client().get().uri("/actuator/health")
                        .exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.status").isEqualTo("DEGRADED")
                        .jsonPath("$.components.ledger.status").isEqualTo("UP")
                        .jsonPath("$.components.projections.status").isEqualTo("DEGRADED")
                        .jsonPath("$.components.projections.details.timelines.missingCommitAt").isEqualTo(hole)
                        .jsonPath("$.components.projections.details.timelines.segments[0].position").isEqualTo(hole)
                        .jsonPath("$.components.projections.details.verify").value(verify ->
                                assertThat((String) verify).contains("/api/audit/verify")));
                // Health answers a request; an alert needs a series (AftermathProjectionHeldByMissingCommit).
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(query.client().mutate()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build()
                        .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody())
                        .containsPattern("aftermath_projection_missing_commit_position\\{[^}]*processor=\"timelines\"[^}]*} "
                                + hole + "\\.0\n"));
            }
        }
    }
}
