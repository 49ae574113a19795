package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.TimelineEntry;

/** One incident told through the write API, then read back as release health and as a timeline. */
@QueryHttpTest
class ReleaseHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;

    private String service;
    private String release;
    private String hotfix;
    private String outage;

    @BeforeEach
    void tellTheIncident() {
        service = Ids.service("checkout");
        release = writes.release(service, "2.4.0");
        outage = writes.report(release, "Card payments fail");
        String same = writes.report(release, "Cannot pay by card");
        String cosmetic = writes.report(release, "Misaligned logo");
        writes.prioritise(outage, "S1", "HIGH");
        writes.markDuplicate(same, outage);
        writes.assign(outage, "dave");
        writes.userUpdate(release, List.of(outage));
        hotfix = writes.release(service, "2.4.1", release);
        writes.resolve(outage, "HOTFIXED", hotfix);
        writes.reopen(outage, hotfix);
        writes.resolve(outage, "FIXED", null);
        writes.prioritise(cosmetic, "S4", "LOW");
        String lesson = writes.lesson(release, "Card gateway timeouts", "Timeouts were too short",
                List.of(outage), List.of("payments"));
        String item = writes.actionItem(release, lesson);
        writes.completeActionItem(release, item);
        writes.closeRetrospective(release);
    }

    @Test
    void a_release_shows_its_health_lineage_user_updates_and_retrospective() {
        ReleaseView view = reads.getAfter("/api/releases/" + release, writes.position()).expectStatus().isOk()
                .expectBody(ReleaseView.class).returnResult().getResponseBody();

        assertThat(view.health().tickets()).isEqualTo(3);
        assertThat(view.health().open()).isEqualTo(1);
        assertThat(view.health().byStatus()).containsEntry("RESOLVED", 1).containsEntry("DUPLICATE", 1)
                .containsEntry("TRIAGED", 1);
        assertThat(view.health().byPriority()).containsEntry("P1", 1).containsEntry("P4", 1);
        assertThat(view.health().overall().acknowledged()).isEqualTo(2);
        assertThat(view.health().overall().mtta()).isNotNull();
        assertThat(view.health().perPriority().get("P1").resolved()).isEqualTo(1);
        assertThat(view.health().regressions()).isEqualTo(1);
        assertThat(view.hotfixes()).containsExactly(hotfix);
        assertThat(view.userUpdates()).hasSize(1);
        assertThat(view.retrospective().closed()).isTrue();
        assertThat(view.retrospective().lessons()).singleElement()
                .satisfies(lesson -> assertThat(lesson.whatHappened()).isEqualTo("Timeouts were too short"));
        assertThat(view.retrospective().actionItemsDone()).isEqualTo(1);
    }

    /** The contract's "a ticket reopened after the release it was fixed in is a regression" (tester 85). */
    @Test
    void a_ticket_reopened_after_its_fix_shipped_is_a_regression_without_saying_where() {
        String receipts = writes.report(release, "Receipts go missing");
        writes.resolve(receipts, "HOTFIXED", hotfix);
        writes.reopen(receipts, null);

        ReleaseView view = reads.getAfter("/api/releases/" + release, writes.position()).expectStatus().isOk()
                .expectBody(ReleaseView.class).returnResult().getResponseBody();
        assertThat(view.health().regressions()).isEqualTo(2);
        assertThat(view.regressions()).filteredOn(regression -> regression.ticketId().equals(receipts)).singleElement()
                .satisfies(regression -> {
                    assertThat(regression.fixedIn()).isEqualTo(hotfix);
                    assertThat(regression.observedIn()).isNull();
                });
        reads.getAfter("/api/tickets/" + receipts, writes.position()).expectStatus().isOk()
                .expectBody().jsonPath("$.regression").isEqualTo(true);
        reads.getAfter("/api/triage?releaseId=" + release + "&regression=true", writes.position()).expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].ticketId").value(ids -> assertThat((List<Object>) ids).contains(receipts));
    }

    @Test
    void releases_are_listed_and_filtered_by_service() {
        List<ReleaseView> releases = reads.getAfter("/api/releases?service=" + service, writes.position())
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<ReleaseView>>() {
                }).returnResult().getResponseBody();

        assertThat(releases).extracting(ReleaseView::releaseId).containsExactlyInAnyOrder(release, hotfix);
        assertThat(releases).filteredOn(r -> r.releaseId().equals(hotfix)).singleElement()
                .satisfies(r -> assertThat(r.hotfixOf()).isEqualTo(release));
    }

    /** Tester 77: the list took no offset and passed over any given, so a dashboard got its first page again. */
    @Test
    void the_list_pages_with_offset_and_refuses_one_out_of_bounds() {
        List<String> both = releaseIds("/api/releases?service=" + service);
        List<String> second = releaseIds("/api/releases?service=" + service + "&offset=1&limit=1");

        assertThat(second).containsExactly(both.get(1));
        for (String offset : new String[] {"-1", "10001", "abc"}) {
            reads.getAfter("/api/releases?offset=" + offset, writes.position()).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("offset");
        }
    }

    private List<String> releaseIds(String path) {
        return reads.getAfter(path, writes.position()).expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<ReleaseView>>() {
                }).returnResult().getResponseBody().stream().map(ReleaseView::releaseId).toList();
    }

    @Test
    void the_timeline_folds_the_hotfix_into_the_release_story() {
        Timeline timeline = reads.getAfter("/api/releases/" + release + "/timeline", writes.position())
                .expectStatus().isOk()
                .expectBody(Timeline.class).returnResult().getResponseBody();

        assertThat(timeline.releases()).containsExactly(release, hotfix);
        assertThat(timeline.entries()).extracting(TimelineEntry::kind).containsSubsequence("DEPLOYED", "FIRST_REPORT",
                "SEVERITY_CHANGED", "DUPLICATE_MERGED", "USER_UPDATE", "HOTFIX_DEPLOYED", "RESOLVED", "REOPENED",
                "REGRESSION", "RESOLVED", "LESSON", "ACTION_ITEM", "ACTION_ITEM_DONE", "RETROSPECTIVE_CLOSED");
        assertThat(timeline.metrics().reports()).isEqualTo(3);
        assertThat(timeline.metrics().firstHotfixAt()).isNotNull();
        assertThat(timeline.metrics().timeToFirstUserUpdate()).isNotNull();
        assertThat(timeline.entries()).filteredOn(entry -> outage.equals(entry.ticketId()))
                .extracting(TimelineEntry::ticketTitle).containsOnly("Card payments fail");
        assertThat(timeline.entries()).extracting(TimelineEntry::summary)
                .contains("“Cannot pay by card” merged into “Card payments fail”");
    }

    @Test
    void a_window_of_the_timeline_counts_every_entry() {
        Timeline whole = reads.getAfter("/api/releases/" + release + "/timeline", writes.position())
                .expectStatus().isOk().expectBody(Timeline.class).returnResult().getResponseBody();

        Timeline window = reads.get("/api/releases/" + release + "/timeline?offset=3&limit=4")
                .expectStatus().isOk().expectBody(Timeline.class).returnResult().getResponseBody();
        Timeline none = reads.get("/api/releases/" + release + "/timeline?limit=0")
                .expectStatus().isOk().expectBody(Timeline.class).returnResult().getResponseBody();

        assertThat(whole.entriesTotal()).isEqualTo(whole.entries().size()).isGreaterThan(7);
        assertThat(window.entries()).isEqualTo(whole.entries().subList(3, 7));
        assertThat(window.entriesTotal()).isEqualTo(whole.entriesTotal());
        assertThat(none.entries()).isEmpty();
        assertThat(none.metrics()).isEqualTo(whole.metrics());
    }

    @Test
    void a_negative_repeated_or_unreadable_window_is_a_validation_problem_naming_it() {
        reads.get("/api/releases/" + release + "/timeline?offset=-1")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("offset")
                .jsonPath("$.errors[0].message").isEqualTo("must be 0 or more");
        reads.get("/api/releases/" + release + "/timeline?limit=x")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        reads.get("/api/releases/" + release + "/timeline?limit=1&limit=2")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    /**
     * Tester 52: refused only after waiting 5 s for a position the node had not reached. The client's
     * patience is shorter than that wait, so only a refusal before it is seen.
     */
    @Test
    void a_negative_window_is_refused_without_waiting_for_after() {
        new ReadClient(client.mutate().responseTimeout(Duration.ofSeconds(3)).build())
                .get("/api/releases/" + release + "/timeline?after=99999999&limit=-1")
                .expectStatus().isBadRequest();
    }

    /** Tester 52: a stream took the window and sent the whole timeline. */
    @Test
    void the_timeline_stream_refuses_a_window_rather_than_ignoring_it() {
        for (String window : List.of("limit", "offset")) {
            client.get().uri("/api/releases/" + release + "/timeline/stream?" + window + "=5")
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(window);
        }
    }

    @Test
    void an_unknown_release_is_a_problem_with_code_release_not_found() {
        reads.get("/api/releases/nope@0").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
        reads.get("/api/releases/nope@0/timeline").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
    }
}
