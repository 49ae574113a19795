package io.aftermath.app.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

@AftermathHttpTest
class TicketEndpointsTest {

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void reporting_a_ticket_answers_201_with_a_generated_id_and_records_the_reporter() {
        String releaseId = api.freshRelease();

        String ticketId = (String) api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", releaseId,
                        "title", "Checkout button does nothing", "description", "Since 10:02, on every browser",
                        "component", "web", "reportedVia", "support"))
                .expectStatus().isCreated()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody(Map.class).returnResult().getResponseBody().get("ticketId");

        assertThat(ticketId).matches("[0-9a-f-]{36}");
        TicketReported reported = (TicketReported) eventStore.readEvents(ticketId).next().getPayload();
        assertThat(reported.releaseId()).isEqualTo(releaseId);
        assertThat(reported.component()).isEqualTo("web");
        assertThat(reported.reportedVia()).isEqualTo("support");
        assertThat(reported.actor()).isEqualTo(TestUsers.REPORTER);
    }

    @Test
    void prioritising_answers_the_derived_priority() {
        String ticketId = api.reportTicket(api.freshRelease(), "Payments time out");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise",
                        Map.of("severity", "S2", "urgency", "HIGH", "reason", "a major feature is broken"))
                .expectStatus().isOk()
                .expectHeader().exists("X-Aftermath-Position")
                .expectBody().jsonPath("$.priority").isEqualTo("P1").jsonPath("$.ticketId").isEqualTo(ticketId);

        assertThat(payloads(ticketId)).last().isInstanceOfSatisfying(TicketPrioritised.class,
                prioritised -> assertThat(prioritised.priority()).isEqualTo(Priority.P1));
    }

    /** Regression (tester 7): the queue's filters took P1 or p1, a body only S1, not s1. */
    @Test
    void a_fixed_value_in_a_body_is_read_in_any_case_and_stored_as_named() {
        String ticketId = api.reportTicket(api.freshRelease(), "Payments time out");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/prioritise",
                        Map.of("severity", "s2", "urgency", "High", "reason", "a major feature is broken"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.priority").isEqualTo("P1");
        api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                        Map.of("resolution", "works_as_designed", "summary", "by design"))
                .expectStatus().isOk();

        assertThat(payloads(ticketId)).anySatisfy(payload -> assertThat(payload).isInstanceOfSatisfying(
                TicketPrioritised.class, prioritised -> assertThat(prioritised.severity()).isEqualTo(Severity.S2)));
        assertThat(payloads(ticketId)).last().isInstanceOfSatisfying(TicketResolved.class,
                resolved -> assertThat(resolved.resolution()).isEqualTo(Resolution.WORKS_AS_DESIGNED));
    }

    @Test
    void assigning_a_prioritised_ticket_puts_it_in_progress() {
        String ticketId = api.reportTicket(api.freshRelease(), "Search is slow");
        api.prioritise(ticketId, "S3", "LOW");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", "dana"))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ticketId").isEqualTo(ticketId).jsonPath("$.status").isEqualTo("IN_PROGRESS");

        assertThat(payloads(ticketId)).last().isInstanceOfSatisfying(TicketAssigned.class,
                assigned -> assertThat(assigned.assignee()).isEqualTo("dana"));
    }

    /** Before (tester 22): stored as written, so " dana " was missed by the queue's ?assignee=dana. */
    @Test
    void names_lose_the_spaces_around_them_and_optional_names_that_show_nothing_are_absent() {
        String ticketId = (String) api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", api.freshRelease(),
                        "title", "Search is slow", "description", "Since 10:02", "component", "  ",
                        "reportedVia", "\u200bsupport\t"))
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticketId");
        api.prioritise(ticketId, "S3", "LOW");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + ticketId + "/assign", Map.of("assignee", " dana\u00a0"))
                .expectStatus().isOk();

        TicketReported reported = (TicketReported) payloads(ticketId).get(0);
        assertThat(reported.component()).isNull();
        assertThat(reported.reportedVia()).isEqualTo("support");
        assertThat(payloads(ticketId)).last().isInstanceOfSatisfying(TicketAssigned.class,
                assigned -> assertThat(assigned.assignee()).isEqualTo("dana"));
    }

    /** Before (tester 22): taken, and a later sighting of the feature working as designed was a regression. */
    @Test
    void a_resolution_that_ships_no_fix_naming_a_release_is_400_and_changes_nothing() {
        String releaseId = api.freshRelease();
        String ticketId = api.reportTicket(releaseId, "Export looks odd");

        api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                        Map.of("resolution", "WORKS_AS_DESIGNED", "summary", "by design", "fixedIn", releaseId))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("fixedIn")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("fixedIn must be left out"));

        assertThat(payloads(ticketId)).hasSize(1);
    }

    @Test
    void marking_a_duplicate_closes_it_into_the_canonical_ticket() {
        String releaseId = api.freshRelease();
        String canonical = api.reportTicket(releaseId, "Login fails");
        String duplicate = api.reportTicket(TestUsers.TRIAGER, releaseId, "Cannot sign in");

        api.post(TestUsers.TRIAGER, "/api/tickets/" + duplicate + "/mark-duplicate",
                        Map.of("canonicalTicketId", canonical))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DUPLICATE");

        assertThat(payloads(duplicate)).last().isInstanceOf(TicketMarkedDuplicate.class);
        assertThat(payloads(canonical)).last().isInstanceOfSatisfying(DuplicateAttached.class,
                attached -> assertThat(attached.duplicateReporter()).isEqualTo(TestUsers.TRIAGER));
    }

    @Test
    void resolving_records_the_resolution_and_resolving_again_the_same_way_changes_nothing() {
        String ticketId = api.reportTicket(api.freshRelease(), "Typo on receipt");

        for (int attempt = 0; attempt < 2; attempt++) {
            api.post(TestUsers.RESPONDER, "/api/tickets/" + ticketId + "/resolve",
                            Map.of("resolution", "WONT_FIX", "summary", "cosmetic, tracked elsewhere"))
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("RESOLVED");
        }

        assertThat(payloads(ticketId)).hasSize(2).last().isInstanceOf(TicketResolved.class);
    }

    @Test
    void reopening_a_ticket_seen_again_in_its_fixing_release_is_a_regression() {
        String releaseId = api.freshRelease();
        String service = releaseId.substring(0, releaseId.indexOf('@'));
        String ticketId = api.reportTicket(releaseId, "Cart empties itself");
        String hotfix = api.registerRelease(service, "1.0.1", releaseId);
        api.resolve(ticketId, "HOTFIXED", hotfix);

        api.post(TestUsers.REPORTER, "/api/tickets/" + ticketId + "/reopen",
                        Map.of("reason", "happens again", "observedIn", hotfix))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REOPENED");

        List<Object> payloads = payloads(ticketId);
        assertThat(payloads.subList(payloads.size() - 2, payloads.size()))
                .hasExactlyElementsOfTypes(TicketReopened.class, RegressionDetected.class);
    }

    private List<Object> payloads(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().map(DomainEventMessage::getPayload)
                .map(Object.class::cast).toList();
    }
}
