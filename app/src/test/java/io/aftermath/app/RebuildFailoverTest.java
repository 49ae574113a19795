package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.admin.ProjectionStatus;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ticket.TicketReported;

/**
 * A rebuild's replay records how far it got, so when the query node running it stops, the node that takes the
 * projection over goes on from there and switches, while reads on it stay current throughout.
 */
class RebuildFailoverTest {

    private static final String TICKETS = ProjectionNames.TICKETS;
    private static final int REPORTED = 8_000;

    @TempDir
    Path dir;

    @Test
    void a_rebuild_whose_node_stops_is_finished_by_the_node_that_takes_the_projection_over() {
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"));
             MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client()))) {
            String uri = "mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client());
            MongoDatabase database = mongo.getDatabase("aftermath");
            List<AppNode> queryNodes = new ArrayList<>();
            try {
                for (String name : List.of("query-1", "query-2")) {
                    queryNodes.add(AppNode.start(dir.resolve(name), AppNode.arguments("--aftermath.roles=query",
                            "--aftermath.mongo.uri=" + uri, "--aftermath.node-id=" + name)));
                }
                Writes writes = new Writes(command.client(), command.bean(CommandGateway.class),
                        command.bean(MongoLedgerStorageEngine.class));
                String release = writes.release("failover", "1.0");
                report(command.bean(EventStore.class), release);
                long written = command.bean(MongoLedgerStorageEngine.class).head();
                queryNodes.forEach(node -> await().atMost(Duration.ofSeconds(120))
                        .until(() -> status(node.client()).position() >= written));

                AppNode owner = queryNodes.stream().filter(node -> runsHere(node.client())).findFirst().orElseThrow();
                AppNode survivor = queryNodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
                owner.client().post().uri("/api/admin/projections/" + TICKETS + "/rebuild")
                        .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                        .expectStatus().isAccepted();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .until(() -> replayedTo(database) > 0);
                queryNodes.remove(owner);
                owner.close();
                assertThat(generation(database).getInteger("read")).as("stopped before its switch").isZero();

                String during = writes.report(release, "Reported while the rebuild changed nodes");
                readAfter(survivor.client(), "/api/tickets/" + during, writes.position()).expectStatus().isOk();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !status(survivor.client()).rebuilding());

                assertThat(generation(database).getInteger("read")).isEqualTo(1);
                assertThat(database.getCollection("ticket_views_g1").countDocuments(
                        new Document("releaseId", release))).isEqualTo(REPORTED + 1);
                readAfter(survivor.client(), "/api/tickets/" + during, writes.position()).expectStatus().isOk()
                        .expectHeader().doesNotExist("X-Aftermath-Rebuilding");
            } finally {
                queryNodes.forEach(AppNode::close);
            }
        }
    }

    private static void report(EventStore events, String release) {
        List<EventMessage<?>> batch = new ArrayList<>();
        for (int i = 0; i < REPORTED; i++) {
            String ticket = "failover-" + i;
            batch.add(new GenericDomainEventMessage<>("Ticket", ticket, 0, new TicketReported(ticket, release,
                    "Problem " + i, "Details", null, null, "reporter", Instant.now())));
            if (batch.size() == 1_000) {
                events.publish(batch);
                batch = new ArrayList<>();
            }
        }
        events.publish(batch);
    }

    private static Document generation(MongoDatabase database) {
        return database.getCollection("projection_generations").find(new Document("_id", TICKETS)).first();
    }

    private static long replayedTo(MongoDatabase database) {
        Document generation = generation(database);
        return generation == null || !(generation.get("replayedTo") instanceof Number replayed) ? 0
                : replayed.longValue();
    }

    private static boolean runsHere(WebTestClient node) {
        return status(node).segments().stream().anyMatch(ProjectionStatus.SegmentStatus::local);
    }

    private static ProjectionStatus status(WebTestClient node) {
        return node.get().uri("/api/admin/projections")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBodyList(ProjectionStatus.class).returnResult().getResponseBody()
                .stream().filter(status -> status.name().equals(TICKETS)).findFirst().orElseThrow();
    }

    private static WebTestClient.ResponseSpec readAfter(WebTestClient node, String path, long after) {
        return node.get().uri(path + "?after=" + after)
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD)).exchange();
    }
}
