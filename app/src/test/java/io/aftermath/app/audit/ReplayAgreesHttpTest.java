package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * An auditor reads the replay of now beside the release page and the ticket views: every fact they
 * share reads the same, though the replay folds the log and they read projections.
 */
@AftermathHttpTest
class ReplayAgreesHttpTest {

    /** What a ticket view and a replayed ticket both show, by the same names. */
    private static final List<String> TICKET_FIELDS = List.of("releaseId", "title", "description", "component",
            "reportedVia", "reporter", "status", "severity", "urgency", "priority", "assignee", "resolution",
            "resolutionSummary", "fixedIn", "canonicalTicketId", "duplicates", "reporters", "regression",
            "reportedAt", "acknowledgedAt", "resolvedAt");

    @Autowired
    WebTestClient client;
    @Autowired
    CommandGateway commands;
    @Autowired
    MongoLedgerStorageEngine engine;

    private Writes writes;

    @BeforeEach
    void setUp() {
        writes = new Writes(client, commands, engine);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_replay_of_now_reads_as_the_release_page_and_the_ticket_views() {
        String service = Ids.service("agree");
        String releaseId = writes.release(service, "1.0.0");
        String hotfixId = writes.release(service, "1.0.1", releaseId);
        String regressed = writes.report(TestUsers.REPORTER, releaseId, "Checkout hangs");
        String duplicate = writes.report(releaseId, "Checkout spins");
        String fixed = writes.report(releaseId, "Wrong currency");
        String untriaged = writes.report(releaseId, "Logo blurred");
        writes.prioritise(regressed, "S1", "HIGH");
        writes.assign(regressed, "dev");
        writes.resolve(regressed, "HOTFIXED", hotfixId);
        writes.reopen(regressed, hotfixId);
        writes.markDuplicate(duplicate, regressed);
        writes.prioritise(fixed, "S3", "LOW");
        writes.assign(fixed, "dev");
        writes.resolve(fixed, "FIXED", null);
        String lessonId = writes.lesson(releaseId, "Pool ran dry", "The pool ran dry", List.of(regressed),
                List.of("db"));
        String itemId = writes.actionItem(releaseId, lessonId);
        writes.completeActionItem(releaseId, itemId);
        writes.closeRetrospective(releaseId);
        long after = writes.position();

        Map<String, Object> page = read("/api/releases/" + releaseId + "?after=" + after);
        Map<String, Object> replay = read("/api/releases/" + releaseId + "/replay");
        Map<String, Object> health = (Map<String, Object>) page.get("health");
        Map<String, Object> retrospective = (Map<String, Object>) page.get("retrospective");

        assertThat(replay.get("openTicketsByPriority")).as("with %s left unprioritised", untriaged)
                .isEqualTo(counted(health.get("openByPriority"))).isEqualTo(Map.of("P1", 1, "NONE", 1));
        assertThat(replay.get("ticketsByStatus")).isEqualTo(counted(health.get("byStatus")));
        assertThat(replay.get("regressions")).isEqualTo(page.get("regressions")).asList().hasSize(1);
        assertThat(replay.get("retrospectiveClosed")).isEqualTo(retrospective.get("closed")).isEqualTo(true);
        assertThat(replay.get("retrospectiveSummary")).isEqualTo(retrospective.get("summary"));
        assertThat(replay.get("retrospectiveClosedAt")).isEqualTo(retrospective.get("closedAt")).isNotNull();
        assertThat(replay.get("retrospectiveClosedBy")).isEqualTo(TestUsers.ADMIN);
        Map<String, Object> item = ((List<Map<String, Object>>) replay.get("actionItems")).get(0);
        Map<String, Object> shown = new java.util.HashMap<>(
                ((List<Map<String, Object>>) retrospective.get("actionItems")).get(0));
        // Whether an item is overdue depends on the day the page is read, not on what the ledger holds.
        assertThat(shown.remove("overdue")).isEqualTo(false);
        assertThat(item).containsAllEntriesOf(shown);
        assertThat(item.get("completedBy")).isEqualTo(TestUsers.ADMIN);

        for (Map<String, Object> replayed : (List<Map<String, Object>>) replay.get("tickets")) {
            Map<String, Object> view = read("/api/tickets/" + replayed.get("ticketId") + "?after=" + after);
            for (String field : TICKET_FIELDS) {
                assertThat(replayed.get(field)).as("%s of %s", field, replayed.get("ticketId"))
                        .isEqualTo(view.get(field));
            }
            assertThat(replayed.get("lastReopenReason")).as("lastReopenReason of %s", replayed.get("ticketId"))
                    .isEqualTo(lastReopenReason(view));
        }
        Map<String, Object> canonical = ((List<Map<String, Object>>) replay.get("tickets")).stream()
                .filter(ticket -> regressed.equals(ticket.get("ticketId"))).findFirst().orElseThrow();
        assertThat(canonical.get("reporters")).isEqualTo(List.of(TestUsers.REPORTER, TestUsers.ADMIN));
        assertThat(canonical.get("lastReopenReason")).isEqualTo("seen again");
    }

    /** The release page names every key, zero counts too; the replay names those it counted. */
    private static Map<String, Object> counted(Object counts) {
        Map<String, Object> counted = new LinkedHashMap<>();
        ((Map<?, ?>) counts).forEach((key, count) -> {
            if (((Number) count).intValue() != 0) {
                counted.put((String) key, count);
            }
        });
        return counted;
    }

    @SuppressWarnings("unchecked")
    private static Object lastReopenReason(Map<String, Object> ticketView) {
        Object reason = null;
        for (Map<String, Object> entry : (List<Map<String, Object>>) ticketView.get("history")) {
            if ("TicketReopened".equals(entry.get("type"))) {
                reason = ((Map<String, Object>) entry.get("details")).get("reason");
            }
        }
        return reason;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
