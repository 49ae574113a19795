package io.aftermath.app.command.web;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** Well-formed requests that the domain refuses: 409 for the state, 422 for a reference; never an event. */
@AftermathHttpTest
class RefusedDecisionsTest {

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    Api api;
    String releaseId;
    String ticketId;

    @BeforeEach
    void setUp() {
        api = new Api(client);
        releaseId = api.freshRelease();
        ticketId = api.reportTicket(releaseId, "Something broke");
    }

    @Test
    void registering_a_release_twice_is_409_release_exists() {
        String service = releaseId.substring(0, releaseId.indexOf('@'));

        refused(() -> api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service", service, "version", "1.0.0")),
                409, "RELEASE_EXISTS");
    }

    @Test
    void assigning_before_prioritising_is_409_ticket_not_triaged() {
        refused(() -> api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "dana")),
                409, "TICKET_NOT_TRIAGED");
    }

    @Test
    void reopening_an_open_ticket_is_409_ticket_not_resolved() {
        refused(() -> api.post(TestUsers.REPORTER, "/api/tickets/" + ticketId + "/reopen", Map.of("reason", "again")),
                409, "TICKET_NOT_RESOLVED");
    }

    @Test
    void prioritising_a_resolved_ticket_is_409_ticket_closed() {
        api.resolve(ticketId, "FIXED", null);

        refused(() -> api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise",
                Map.of("severity", "S1", "urgency", "HIGH", "reason", "r")), 409, "TICKET_CLOSED");
    }

    @Test
    void resolving_a_resolved_ticket_differently_is_409_ticket_already_resolved() {
        api.resolve(ticketId, "FIXED", null);

        refused(() -> api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                Map.of("resolution", "WONT_FIX", "summary", "s")), 409, "TICKET_ALREADY_RESOLVED");
    }

    @Test
    void resolving_a_duplicate_is_409_ticket_is_duplicate() {
        String duplicate = api.reportTicket(releaseId, "Same thing");
        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                Map.of("canonicalTicketId", ticketId)).expectStatus().isOk();

        refused(() -> api.post(TestUsers.RESPONDER, "/api/tickets/" + duplicate + "/resolve",
                Map.of("resolution", "FIXED", "summary", "s")), 409, "TICKET_IS_DUPLICATE");
    }

    @Test
    void a_report_where_the_fix_shipped_marked_a_duplicate_of_the_fixed_ticket_is_409_regression_not_duplicate() {
        String service = releaseId.substring(0, releaseId.indexOf('@'));
        String fix = api.registerRelease(service, "1.0.1");
        api.resolve(ticketId, "FIXED", fix);
        String seenAgain = api.reportTicket(fix, "Something broke again");

        refused(() -> api.post(TestUsers.TRIAGER, "/api/tickets/" + seenAgain + "/mark-duplicate",
                Map.of("canonicalTicketId", ticketId)), 409, "REGRESSION_NOT_DUPLICATE");
    }

    @Test
    void recording_a_lesson_after_the_close_is_409_retrospective_closed() {
        api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/close-retrospective", Map.of("summary", "s"))
                .expectStatus().isOk();

        refused(() -> api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/lessons",
                Map.of("title", "t", "whatHappened", "w")), 409, "RETROSPECTIVE_CLOSED");
    }

    @Test
    void reporting_against_an_unknown_release_is_422_unknown_release() {
        refused(() -> api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", Ids.service("ghost") + "@1.0",
                "title", "t", "description", "d")), 422, "UNKNOWN_RELEASE");
    }

    @Test
    void a_hotfix_resolution_without_its_release_is_422() {
        refused(() -> api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                Map.of("resolution", "HOTFIXED", "summary", "s")), 422, "HOTFIX_REQUIRES_RELEASE");
    }

    @Test
    void a_fix_in_the_release_where_the_fault_was_found_is_422_invalid_fix_release() {
        refused(() -> api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                Map.of("resolution", "FIXED", "summary", "s", "fixedIn", releaseId)), 422, "INVALID_FIX_RELEASE");
    }

    @Test
    void a_hotfix_deployed_before_the_release_it_fixes_is_422_invalid_hotfix() {
        String service = releaseId.substring(0, releaseId.indexOf('@'));

        refused(() -> api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service", service, "version", "1.0.1",
                "hotfixOf", releaseId, "deployedAt", "2020-01-01T00:00:00Z")), 422, "INVALID_HOTFIX");
    }

    /** Before: no {@code errors}, the field named only in the detail. */
    @Test
    void a_release_deployed_in_the_future_is_400_naming_deployed_at() {
        Map<String, Object> problem = refused(() -> api.post(TestUsers.RESPONDER, "/api/releases", Map.of("service",
                Ids.service("soon"), "version", "1.0.0", "deployedAt",
                Instant.now().plus(Duration.ofHours(1)).toString())), 400, "VALIDATION_FAILED");

        assertThat(problem.get("errors")).asList().singleElement().asString()
                .contains("field=deployedAt").contains("in the future");
    }

    @Test
    void a_ticket_cannot_duplicate_itself() {
        refused(() -> api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/mark-duplicate",
                Map.of("canonicalTicketId", ticketId)), 422, "DUPLICATE_OF_ITSELF");
    }

    @Test
    void an_action_item_for_an_unknown_lesson_is_422() {
        refused(() -> api.post(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items",
                Map.of("title", "t", "owner", "o", "lessonId", "no-such-lesson")), 422, "LESSON_NOT_FOUND");
    }

    private Map<String, Object> refused(Supplier<WebTestClient.ResponseSpec> request, int status, String code) {
        LedgerHead head = LedgerHead.remember(ledger);
        Map<String, Object> problem = assertProblem(request.get(), status, code);
        head.assertUnchanged();
        return problem;
    }
}
