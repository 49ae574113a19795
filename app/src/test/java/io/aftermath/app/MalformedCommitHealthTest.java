package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * A commit changed through a MongoDB tool out of the ledger's shape, met by a processor reading the log
 * again (a rebuild). Before (tester 39's log), the rebuild was answered 500 STORE_MALFORMED though it had
 * begun, {@code GET /api/admin/projections} was 500 for as long as the commit stayed so, and health's
 * {@code projections} was UNKNOWN with the decoder's exception as its detail. The rebuild's replay is held
 * there, while the live processor, past the commit, keeps reads current.
 */
class MalformedCommitHealthTest {

    @TempDir
    Path dir;

    /**
     * The commit's own field, and one of its events' (tester 154: an event's timestamp written as text was read
     * past by every rebuild, and reads meeting it were 500 INTERNAL rather than STORE_MALFORMED).
     */
    @ParameterizedTest
    @ValueSource(strings = {LedgerSchema.COMMITTED_AT, LedgerSchema.EVENTS + ".0." + LedgerSchema.TIMESTAMP})
    void a_processor_held_by_a_malformed_commit_is_named_by_the_rebuild_the_status_health_and_a_gauge(String field) {
        try (AppNode node = AppNode.start(dir, AppNode.arguments())) {
            Writes writes = new Writes(node.client(), node.bean(CommandGateway.class),
                    node.bean(MongoLedgerStorageEngine.class));
            writes.release("before", "1.0");
            String changedRelease = writes.release("changed", "1.0");
            writes.report(writes.release("beyond", "1.0"), "Past the changed commit");
            MongoCollection<BsonDocument> commits = node.bean(MongoDatabase.class)
                    .getCollection(LedgerSchema.COMMITS, BsonDocument.class);
            BsonDocument changed = commits.find(Filters.eq(LedgerSchema.STREAMS, changedRelease + "#0")).first();
            long position = changed.getInt64(LedgerSchema.ID).getValue();
            commits.updateOne(Filters.eq(LedgerSchema.ID, position), Updates.set(field, "yesterday"));

            try {
                admin(node.client().post(), "/api/admin/projections/releases/rebuild").exchange()
                        .expectStatus().isAccepted().expectBody()
                        .jsonPath("$.rebuilding").isEqualTo(true)
                        .jsonPath("$.missingCommitAt").isEmpty();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(ProjectionStatuses.of(node.client(), "releases"))
                                .containsEntry("state", "rebuilding").containsEntry("malformedCommitAt", (int) position));
                node.client().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.components.projections.status").isEqualTo("DEGRADED")
                        .jsonPath("$.components.projections.details.releases.malformedCommitAt").isEqualTo(position)
                        .jsonPath("$.components.projections.details.releases.missingCommitAt").doesNotExist();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node.client().mutate()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build()
                        .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody())
                        .containsPattern("aftermath_projection_malformed_commit_position\\{[^}]*processor=\"releases\"[^}]*} "
                                + position + "\\.0\n"));
                node.client().get().uri("/api/releases/" + changedRelease + "/replay")
                        .headers(headers -> headers.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                        .expectStatus().isEqualTo(500).expectBody().jsonPath("$.code").isEqualTo("STORE_MALFORMED");
            } finally {
                commits.replaceOne(Filters.eq(LedgerSchema.ID, position), changed);
            }
            // The replay tries again a second after it failed: put back, the commit is read then.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(ProjectionStatuses.of(node.client(), "releases"))
                            .containsEntry("rebuilding", false).containsEntry("malformedCommitAt", null));
            node.client().get().uri("/actuator/health").exchange().expectBody()
                    .jsonPath("$.components.projections.status").isEqualTo("UP");
        }
    }

    /**
     * Tester 40: a document out of the ledger's shape written by hand at the head turned health 503 (the head
     * could not be read), answered every write and every check 500, and left lone writes hanging once removed.
     */
    @Test
    void a_document_out_of_shape_at_the_head_holds_the_processors_and_lets_writes_go_on() {
        try (AppNode node = AppNode.start(dir, AppNode.arguments())) {
            MongoLedgerStorageEngine engine = node.bean(MongoLedgerStorageEngine.class);
            Writes writes = new Writes(node.client(), node.bean(CommandGateway.class), engine);
            writes.release("before", "1.0");
            long head = engine.head();
            node.bean(MongoDatabase.class).getCollection(LedgerSchema.COMMITS).insertOne(new Document(LedgerSchema.ID, head)
                    .append(LedgerSchema.STREAMS, List.of("by-hand#0")).append(LedgerSchema.COUNT, 1)
                    .append(LedgerSchema.COMMITTED_AT, "not a date").append(LedgerSchema.EVENTS, List.of()));

            writes.release("after", "1.0");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> node.client().get().uri("/actuator/health")
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.ledger.status").isEqualTo("UP")
                    .jsonPath("$.components.projections.status").isEqualTo("DEGRADED")
                    .jsonPath("$.components.projections.details.releases.malformedCommitAt").isEqualTo(head));
            admin(node.client().get(), "/api/audit/verify").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(false)
                    .jsonPath("$.firstBrokenLink.position").isEqualTo(head);
        }
    }

    private static WebTestClient.RequestHeadersSpec<?> admin(WebTestClient.RequestHeadersUriSpec<?> method, String path) {
        return method.uri(path).headers(headers -> headers.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD));
    }
}
