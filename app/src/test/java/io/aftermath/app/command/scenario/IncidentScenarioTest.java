package io.aftermath.app.command.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * One incident told through HTTP, from the release that broke checkout to the closed retrospective,
 * read back from the log in its global order.
 */
@AftermathHttpTest
class IncidentScenarioTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;

    @Test
    void a_broken_release_its_hotfix_a_regression_and_the_retrospective() {
        Api api = new Api(client);
        long start = ledger.head();
        String service = Ids.service("checkout");

        String release = api.registerRelease(service, "2.4.0");
        String payments = api.reportTicket(TestUsers.REPORTER, release, "Payments fail with a 502");
        String duplicate = api.reportTicket(TestUsers.TRIAGER, release, "Cannot pay for my order");
        ok(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate", Map.of("canonicalTicketId", payments));
        client.post().uri("/api/tickets/" + payments + "/prioritise")
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD))
                .bodyValue(Map.of("severity", "S1", "urgency", "HIGH", "reason", "nobody can pay"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.priority").isEqualTo("P1");
        ok(TestUsers.TRIAGER, "/api/tickets/" + payments + "/assign", Map.of("assignee", "dana"));
        created(TestUsers.RESPONDER, "/api/releases/" + release + "/user-updates", Map.of("status", "INVESTIGATING",
                "channel", "status page", "message", "Payments are failing; we are on it", "ticketIds", List.of(payments)));
        String hotfix = api.registerRelease(service, "2.4.1", release);
        ok(TestUsers.RESPONDER, "/api/tickets/" + payments + "/resolve", Map.of("resolution", "HOTFIXED",
                "summary", "Restored the gateway timeout", "fixedIn", hotfix));
        created(TestUsers.RESPONDER, "/api/releases/" + release + "/user-updates", Map.of("status", "RESOLVED",
                "channel", "email", "message", "Payments work again"));
        ok(TestUsers.REPORTER, "/api/tickets/" + payments + "/reopen", Map.of("reason", "502s are back",
                "observedIn", hotfix));
        created(TestUsers.RESPONDER, "/api/releases/" + release + "/user-updates", Map.of("status", "IDENTIFIED",
                "channel", "in-app", "message", "The fix did not hold; we know why"));
        String lesson = (String) created(TestUsers.RESPONDER, "/api/releases/" + release + "/lessons", Map.of(
                "title", "A timeout was tuned for the old gateway",
                "whatHappened", "The new gateway answers slower than the timeout allowed",
                "contributingFactors", List.of("timeout copied from the old client"),
                "improvements", List.of("load-test the gateway before switching"),
                "ticketIds", List.of(payments), "tags", List.of("payments", "timeouts"))).get("lessonId");
        String item = (String) created(TestUsers.RESPONDER, "/api/releases/" + release + "/action-items",
                Map.of("title", "Load-test gateway switches", "owner", "payments-team", "lessonId", lesson))
                .get("actionItemId");
        ok(TestUsers.RESPONDER, "/api/releases/" + release + "/action-items/" + item + "/complete",
                Map.of("note", "added to the release checklist"));
        String position = client.post().uri("/api/releases/" + release + "/close-retrospective")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .bodyValue(Map.of("summary", "Timeouts are now load-tested per gateway"))
                .exchange().expectStatus().isOk()
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Aftermath-Position");

        List<? extends TrackedEventMessage<?>> log = ledger.readEvents(
                start == 0 ? null : new GlobalSequenceTrackingToken(start - 1), false).toList();
        assertThat(log).extracting(event -> event.getPayloadType().getSimpleName()).containsExactly(
                ReleaseRegistered.class.getSimpleName(),
                TicketReported.class.getSimpleName(),
                TicketReported.class.getSimpleName(),
                TicketMarkedDuplicate.class.getSimpleName(),
                DuplicateAttached.class.getSimpleName(),
                TicketPrioritised.class.getSimpleName(),
                TicketAssigned.class.getSimpleName(),
                UserUpdatePublished.class.getSimpleName(),
                ReleaseRegistered.class.getSimpleName(),
                TicketResolved.class.getSimpleName(),
                UserUpdatePublished.class.getSimpleName(),
                TicketReopened.class.getSimpleName(),
                RegressionDetected.class.getSimpleName(),
                UserUpdatePublished.class.getSimpleName(),
                LessonRecorded.class.getSimpleName(),
                ActionItemAdded.class.getSimpleName(),
                ActionItemCompleted.class.getSimpleName(),
                RetrospectiveClosed.class.getSimpleName());
        assertThat(Long.parseLong(position)).isEqualTo(start + log.size()).isEqualTo(ledger.head());
        assertThat(((ReleaseRegistered) log.get(8).getPayload()).hotfixOf()).isEqualTo(release);
        assertThat(((TicketResolved) log.get(9).getPayload()).fixedIn()).isEqualTo(hotfix);
        assertThat((RegressionDetected) log.get(12).getPayload()).satisfies(regression -> {
            assertThat(regression.ticketId()).isEqualTo(payments);
            assertThat(regression.fixedIn()).isEqualTo(hotfix);
            assertThat(regression.observedIn()).isEqualTo(hotfix);
        });
        assertThat(((DuplicateAttached) log.get(4).getPayload()).duplicateReporter()).isEqualTo(TestUsers.TRIAGER);
        assertThat(log).allSatisfy(event -> assertThat(event.getMetaData())
                .containsKeys("actor", "correlationId", "causationId"));
    }

    private void ok(String user, String path, Object body) {
        client.post().uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).bodyValue(body)
                .exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> created(String user, String path, Object body) {
        return client.post().uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
