package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;

@QueryHttpTest
class TriageFiltersHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    /** outage (P1, sam's), slow (P2), typo (P4, kim's), odd (not prioritised), back (a regression, P2). */
    private record Release(String id, String outage, String slow, String typo, String odd, String back) {
    }

    private Release release(String name) {
        String service = Ids.service(name);
        String release = writes.release(service, "1.0");
        String outage = writes.report(release, "Nobody can pay");
        String slow = writes.report(release, "Checkout is slow");
        String typo = writes.report(release, "Typo on the receipt");
        String odd = writes.report(release, "Something odd");
        String back = writes.report(release, "Cart empties itself");
        writes.prioritise(outage, "S1", "HIGH");
        writes.assign(outage, "sam");
        writes.prioritise(slow, "S2", "MEDIUM");
        writes.prioritise(typo, "S4", "LOW");
        writes.assign(typo, "kim");
        writes.prioritise(back, "S2", "MEDIUM");
        String hotfix = writes.release(service, "1.0.1", release);
        writes.resolve(back, "HOTFIXED", hotfix);
        writes.reopen(back, hotfix);
        return new Release(release, outage, slow, typo, odd, back);
    }

    @Test
    void each_filter_narrows_the_queue_and_total_counts_what_passes() {
        Release r = release("filters");
        String queue = "/api/triage?releaseId=" + r.id();

        assertThat(ids(queue)).containsExactly(r.outage(), r.slow(), r.back(), r.typo(), r.odd());
        assertThat(ids(queue + "&status=REPORTED")).containsExactly(r.odd());
        assertThat(ids(queue + "&status=in_progress&status=REOPENED")).containsExactly(r.outage(), r.back(), r.typo());
        assertThat(ids(queue + "&priority=P1")).containsExactly(r.outage());
        assertThat(ids(queue + "&priority=none")).containsExactly(r.odd());
        assertThat(ids(queue + "&priority=P4&priority=none")).containsExactly(r.typo(), r.odd());
        assertThat(ids(queue + "&assignee=sam")).containsExactly(r.outage());
        // Before (tester 24): the only parameter whose surrounding spaces counted, so it found nobody.
        assertThat(ids(queue + "&assignee= sam\t")).containsExactly(r.outage());
        assertThat(ids(queue + "&regression=true")).containsExactly(r.back());
        assertThat(ids(queue + "&regression=false")).containsExactly(r.outage(), r.slow(), r.typo(), r.odd());
    }

    /** {@code assignee=} names nobody: it asks for the tickets nobody was assigned, alone or beside a name. */
    @Test
    void an_empty_assignee_asks_for_the_unassigned_tickets() {
        Release r = release("unassigned");
        String queue = "/api/triage?releaseId=" + r.id();

        assertThat(ids(queue + "&assignee=")).containsExactly(r.slow(), r.back(), r.odd());
        assertThat(ids(queue + "&assignee")).containsExactly(r.slow(), r.back(), r.odd());
        // Before (tester 25): a blank only Unicode calls blank asked for someone of that name.
        assertThat(ids(queue + "&assignee=\u00a0")).containsExactly(r.slow(), r.back(), r.odd());
        assertThat(ids(queue + "&assignee=kim&assignee=")).containsExactly(r.slow(), r.back(), r.typo(), r.odd());
    }

    @Test
    void filters_combine_and_blank_status_or_priority_filter_nothing() {
        Release r = release("combined");
        String service = r.id().substring(0, r.id().indexOf('@'));

        assertThat(ids("/api/triage?service=" + service + "&priority=P2&assignee=&regression=false"))
                .containsExactly(r.slow());
        assertThat(ids("/api/triage?releaseId=" + r.id() + "&status=&priority=")).hasSize(5);
    }

    @Test
    void pages_of_a_filtered_queue_join_up_and_each_says_the_same_total() {
        Release r = release("pages");
        String queue = "/api/triage?releaseId=" + r.id() + "&priority=P1&priority=P2&priority=P4";
        List<String> read = new ArrayList<>();
        for (int offset = 0; offset < 6; offset += 2) {
            TriageQueue page = queue(queue + "&limit=2&offset=" + offset);
            assertThat(page.total()).isEqualTo(4);
            page.items().forEach(item -> read.add(item.ticketId()));
        }
        assertThat(read).containsExactly(r.outage(), r.slow(), r.back(), r.typo());
        assertThat(queue("/api/triage?releaseId=" + r.id() + "&offset=4").items()).extracting(TriageItem::ticketId)
                .containsExactly(r.odd());
    }

    @Test
    void a_closed_or_unknown_status_is_refused_naming_the_open_ones() {
        for (String status : List.of("RESOLVED", "DUPLICATE", "closed")) {
            refused("/api/triage?status=" + status, "status",
                    "must be one of REPORTED, TRIAGED, IN_PROGRESS, REOPENED");
            refused("/api/triage/stream?status=" + status, "status",
                    "must be one of REPORTED, TRIAGED, IN_PROGRESS, REOPENED");
        }
        refused("/api/triage?status=TRIAGED&status=RESOLVED", "status",
                "must be one of REPORTED, TRIAGED, IN_PROGRESS, REOPENED");
    }

    @Test
    void an_unknown_priority_is_refused_naming_the_accepted_ones() {
        for (String path : List.of("/api/triage", "/api/triage/stream")) {
            refused(path + "?priority=P5", "priority", "must be one of P1, P2, P3, P4, none");
            refused(path + "?priority=P1,P2", "priority", "must be one of P1, P2, P3, P4, none");
        }
    }

    @Test
    void a_regression_other_than_true_or_false_is_refused() {
        for (String path : List.of("/api/triage", "/api/triage/stream")) {
            refused(path + "?regression=yes", "regression", "must be true or false");
            refused(path + "?regression=true&regression=false", "regression", "takes one value but was given 2: give it once");
        }
    }

    /**
     * Tester 11: {@code String.trim} cut a trailing NUL, so svc@1.0.0%00 was read as svc@1.0.0; tester 14:
     * {@code strip} still cut U+001C–U+001F, vertical tab and form feed.
     */
    @Test
    void a_release_id_ending_in_a_control_character_is_refused_not_cut_down_to_another() {
        for (String path : List.of("/api/triage", "/api/triage/stream")) {
            for (String control : List.of("%00", "%07", "%1F", "%1C", "%0B", "%0C", "%0A")) {
                refused(URI.create(path + "?releaseId=svc@1.0.0" + control), "releaseId",
                        "must be a release id, service@version");
            }
            refused(URI.create(path + "?status=reopened%1F"), "status", "must be one of REPORTED, TRIAGED, "
                    + "IN_PROGRESS, REOPENED");
            refused(URI.create(path + "?regression=true%1F"), "regression", "must be true or false");
        }
        client.get().uri(URI.create("/api/triage?releaseId=%20%09"))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void an_offset_outside_its_bounds_is_refused_naming_it() {
        refused("/api/triage?offset=-1", "offset", "must be between 0 and 10000");
        refused("/api/triage?offset=10001", "offset", "must be between 0 and 10000");
        refused("/api/triage?offset=abc", "offset", "must be a whole number");
        reads.get("/api/triage?offset=10000").expectStatus().isOk();
    }

    private void refused(String path, String parameter, String rule) {
        refused(URI.create(path), parameter, rule);
    }

    private void refused(URI path, String parameter, String rule) {
        client.get().uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(path.getPath().endsWith("/stream") ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo(parameter + " " + rule)
                .jsonPath("$.errors[0].field").isEqualTo(parameter)
                .jsonPath("$.errors[0].message").isEqualTo(rule);
    }

    private List<String> ids(String path) {
        TriageQueue queue = queue(path);
        assertThat(queue.total()).as("total of %s", path).isEqualTo(queue.items().size());
        return queue.items().stream().map(TriageItem::ticketId).toList();
    }

    private TriageQueue queue(String path) {
        return reads.getAfter(path, writes.position()).expectStatus().isOk()
                .expectBody(TriageQueue.class).returnResult().getResponseBody();
    }
}
