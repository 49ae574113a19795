package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.query.HistoryEntry;
import io.aftermath.shared.query.TicketView;

/**
 * Each change of a projection's documents asked operators to rebuild it by hand after upgrading; one they
 * forgot showed tickets without their earlier history. A node now rebuilds a projection written in an
 * older format as it starts.
 */
class ProjectionUpgradeTest {

    @TempDir
    Path dataDir;

    @Test
    void a_projection_written_in_an_older_format_is_rebuilt_as_the_node_starts_and_one_in_this_format_is_not() {
        String ticket;
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            assertThat(formats(node)).as("a new store is recorded in this version's formats")
                    .containsExactlyInAnyOrder("releases 1", "tickets 2", "timelines 1", "triage 2");
            Writes writes = new Writes(node.client(), node.bean(CommandGateway.class),
                    node.bean(MongoLedgerStorageEngine.class));
            String release = writes.release("upgrade", "1.0");
            ticket = writes.report(release, "Checkout fails");
            String duplicate = writes.report(release, "Cannot pay");
            writes.markDuplicate(duplicate, ticket);
            awaitHistory(node.client(), ticket, 2);
            // What an older version left: no history chunks, the tickets projection's format never recorded.
            MongoDatabase database = node.bean(MongoDatabase.class);
            database.getCollection("ticket_history").drop();
            database.getCollection("projection_formats").deleteOne(new Document("_id", ProjectionNames.TICKETS));
            database.getCollection("projection_formats").replaceOne(new Document("_id", ProjectionNames.TRIAGE),
                    new Document("_id", ProjectionNames.TRIAGE).append("format", 2), new ReplaceOptions().upsert(true));
        }

        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            Generations generations = node.bean(Generations.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                generations.refresh();
                assertThat(generations.get(ProjectionNames.TICKETS).read()).isEqualTo(1);
                assertThat(history(node.client(), ticket)).extracting(HistoryEntry::type)
                        .containsExactly("TicketReported", "DuplicateAttached");
                // Recorded once the switch has let the processor go on.
                assertThat(formats(node)).contains("tickets 2");
            });
            assertThat(generations.get(ProjectionNames.TRIAGE).read()).as("in this format already").isZero();
        }
    }

    private static List<String> formats(AppNode node) {
        return node.bean(MongoDatabase.class).getCollection("projection_formats").find()
                .map(document -> document.getString("_id") + " " + document.get("format")).into(new ArrayList<>());
    }

    private static void awaitHistory(WebTestClient client, String ticket, int entries) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history(client, ticket)).hasSize(entries));
    }

    private static List<HistoryEntry> history(WebTestClient client, String ticket) {
        return client.get().uri("/api/tickets/" + ticket).headers(h -> h.setBasicAuth(TestUsers.AUDITOR,
                TestUsers.PASSWORD)).exchange().expectStatus().isOk().expectBody(TicketView.class).returnResult()
                .getResponseBody().history();
    }
}
