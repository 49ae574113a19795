package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.shared.query.HistoryEntry;
import io.aftermath.shared.query.TicketView;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;

@QueryHttpTest
class TicketHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    @Test
    void a_ticket_is_read_with_its_state_and_history_right_after_the_write() {
        String release = writes.release(Ids.service("tickets"), "1.0");
        String ticket = writes.report(release, "Checkout button does nothing");
        writes.prioritise(ticket, "S2", "HIGH");
        writes.assign(ticket, "dave");

        TicketView view = reads.getAfter("/api/tickets/" + ticket, writes.position())
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody(TicketView.class).returnResult().getResponseBody();

        assertThat(view.status()).isEqualTo(TicketStatus.IN_PROGRESS);
        assertThat(view.priority()).isEqualTo(Priority.P1);
        assertThat(view.assignee()).isEqualTo("dave");
        assertThat(view.reporter()).isEqualTo("admin");
        assertThat(view.history()).extracting(HistoryEntry::type)
                .containsExactly("TicketReported", "TicketPrioritised", "TicketAssigned");
        assertThat(view.history()).allSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("admin");
            assertThat(entry.at()).isNotNull();
        });
    }

    @Test
    void a_window_of_the_history_and_of_the_duplicates_is_read_with_their_totals() {
        String release = writes.release(Ids.service("tickets"), "1.0");
        String canonical = writes.report(release, "Checkout fails");
        for (int i = 0; i < 3; i++) {
            writes.markDuplicate(writes.report(release, "Checkout fails again " + i), canonical);
        }
        writes.prioritise(canonical, "S2", "HIGH");
        TicketView whole = reads.getAfter("/api/tickets/" + canonical, writes.position())
                .expectStatus().isOk().expectBody(TicketView.class).returnResult().getResponseBody();

        TicketView page = reads.getAfter("/api/tickets/" + canonical
                        + "?historyOffset=1&historyLimit=2&duplicatesOffset=2&duplicatesLimit=5", writes.position())
                .expectStatus().isOk().expectBody(TicketView.class).returnResult().getResponseBody();

        assertThat(whole.historyTotal()).isEqualTo(5).isEqualTo(whole.history().size());
        assertThat(page.history()).isEqualTo(whole.history().subList(1, 3));
        assertThat(page.historyTotal()).isEqualTo(5);
        assertThat(page.duplicates()).isEqualTo(whole.duplicates().subList(2, 3));
        assertThat(page.duplicatesTotal()).isEqualTo(3);
        assertThat(page.reporters()).isEqualTo(whole.reporters());
        assertThat(page.priority()).isEqualTo(Priority.P1);
    }

    @Test
    void a_negative_or_repeated_window_is_a_validation_problem_naming_it() {
        reads.get("/api/tickets/any?historyLimit=-1")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("historyLimit");
        reads.get("/api/tickets/any?duplicatesOffset=x").expectStatus().isBadRequest();
        reads.get("/api/tickets/any?historyLimit=1&historyLimit=2")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("historyLimit");
    }

    @Test
    void an_unknown_ticket_is_a_problem_with_code_ticket_not_found() {
        reads.get("/api/tickets/no-such-ticket")
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("TICKET_NOT_FOUND");
    }

    @Test
    void reads_need_authentication() {
        client.get().uri("/api/tickets/anything").exchange().expectStatus().isUnauthorized();
    }
}
