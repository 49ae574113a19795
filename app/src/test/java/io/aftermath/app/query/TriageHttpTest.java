package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

@QueryHttpTest
class TriageHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    @Test
    void the_queue_puts_the_most_urgent_open_tickets_first() {
        String release = writes.release(Ids.service("triage"), "1.0");
        String minor = writes.report(release, "Typo on the receipt");
        String outage = writes.report(release, "Nobody can pay");
        String untriaged = writes.report(release, "Something odd");
        String fixed = writes.report(release, "Already fixed");
        writes.prioritise(minor, "S4", "LOW");
        writes.prioritise(outage, "S1", "HIGH");
        writes.prioritise(fixed, "S1", "HIGH");
        writes.resolve(fixed, "FIXED", null);
        String duplicate = writes.report(release, "Payment page broken");
        writes.markDuplicate(duplicate, outage);

        TriageQueue queue = queue("/api/triage?releaseId=" + release);

        assertThat(queue.items()).extracting(TriageItem::ticketId).containsExactly(outage, minor, untriaged);
        assertThat(queue.total()).isEqualTo(3);
        TriageItem first = queue.items().get(0);
        assertThat(first.priority()).isEqualTo(Priority.P1);
        assertThat(first.status()).isEqualTo(TicketStatus.TRIAGED);
        assertThat(first.acknowledge().metAt()).isNotNull();
        assertThat(first.resolve().dueAt()).isEqualTo(first.reportedAt().plus(Duration.ofHours(4)));
        assertThat(first.resolve().breached()).isFalse();
        assertThat(queue.items().get(2).priority()).isNull();
        assertThat(queue("/api/triage?releaseId=" + release + "&limit=1").items()).hasSize(1);
    }

    @Test
    void a_ticket_reported_days_ago_is_shown_as_breaching_its_slas() {
        String service = Ids.service("late");
        String release = service + "@1.0";
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        writes.send(new RegisterRelease(release, service, "1.0", twoDaysAgo, null, null, "admin", twoDaysAgo));
        writes.send(new ReportTicket("late-" + service, release, "Slow checkout", "Takes a minute", null, null,
                "reporter", twoDaysAgo));
        writes.send(new Prioritise("late-" + service, Severity.S2, Urgency.MEDIUM, "many users", "triager",
                twoDaysAgo.plus(Duration.ofHours(3))));

        TriageItem item = queue("/api/triage?service=" + service).items().get(0);

        assertThat(item.priority()).isEqualTo(Priority.P2);
        assertThat(item.acknowledge().breached()).as("acknowledged after 3 h, target 1 h").isTrue();
        assertThat(item.resolve().breached()).as("open after 2 days, target 24 h").isTrue();
    }

    @Test
    void a_limit_outside_its_bounds_is_refused_naming_the_parameter() {
        reads.get("/api/triage?limit=0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("limit")
                .jsonPath("$.errors[0].message").isEqualTo("must be between 1 and 1000");
        reads.get("/api/triage?limit=5000").expectStatus().isBadRequest();
    }

    /** Spring's own answer was "Type mismatch." under the title of an unreadable body. */
    @Test
    void a_parameter_of_the_wrong_type_is_refused_naming_it() {
        reads.get("/api/triage?limit=abc").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("limit must be a whole number")
                .jsonPath("$.errors[0].field").isEqualTo("limit");
        reads.get("/api/triage?after=abc").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
    }

    private TriageQueue queue(String path) {
        return reads.getAfter(path, writes.position()).expectStatus().isOk()
                .expectHeader().exists("X-Aftermath-Read-Position")
                .expectBody(TriageQueue.class).returnResult().getResponseBody();
    }
}
