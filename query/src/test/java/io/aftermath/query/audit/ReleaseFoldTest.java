package io.aftermath.query.audit;

import static io.aftermath.query.support.Incidents.actionItem;
import static io.aftermath.query.support.Incidents.actionItemDone;
import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.attached;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.hotfix;
import static io.aftermath.query.support.Incidents.hotfixed;
import static io.aftermath.query.support.Incidents.lesson;
import static io.aftermath.query.support.Incidents.detached;
import static io.aftermath.query.support.Incidents.markedDuplicate;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.regression;
import static io.aftermath.query.support.Incidents.resolved;
import static io.aftermath.query.support.Incidents.retrospectiveClosed;
import static io.aftermath.query.support.Incidents.reopened;
import static io.aftermath.query.support.Incidents.reported;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.query.RegressionView;
import io.aftermath.shared.query.ReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf.TicketAsOf;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

class ReleaseFoldTest {

    private static final String RELEASE = "shop@1.0";

    private static ReleaseAsOf fold(Object... events) {
        ReleaseFold fold = new ReleaseFold(RELEASE);
        for (Object event : events) {
            fold.apply(event, minutes(0));
        }
        return fold.result(events.length);
    }

    private static Map<String, TicketAsOf> tickets(ReleaseAsOf release) {
        return release.tickets().stream().collect(Collectors.toMap(TicketAsOf::ticketId, Function.identity()));
    }

    @Test
    void a_reopened_duplicate_is_open_again_and_leaves_its_canonical() {
        ReleaseAsOf release = fold(deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1),
                reported("b", RELEASE, "bob", 2), markedDuplicate("b", "a", RELEASE, 3), attached("a", "b", "bob", 3),
                reopened("b", RELEASE, null, 4), detached("a", "b", 4));

        Map<String, TicketAsOf> tickets = tickets(release);
        assertThat(tickets.get("a").duplicates()).isEmpty();
        assertThat(tickets.get("b").status()).isEqualTo("REOPENED");
        assertThat(tickets.get("b").canonicalTicketId()).isNull();
        assertThat(release.ticketsByStatus()).isEqualTo(Map.of("REOPENED", 1, "REPORTED", 1));
    }

    @Test
    void a_replay_shows_lessons_whole_and_action_items_with_their_due_date_lesson_and_completion() {
        ReleaseAsOf release = fold(deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1),
                lesson(RELEASE, "l1", "Pool exhaustion", "The pool ran dry", List.of("a"), List.of("db"), 2),
                actionItem(RELEASE, "i1", "l1", 3), actionItemDone(RELEASE, "i1", 4));

        assertThat(release.lessons()).singleElement().satisfies(lesson -> {
            assertThat(lesson.whatHappened()).isEqualTo("The pool ran dry");
            assertThat(lesson.contributingFactors()).containsExactly("a missing alert");
            assertThat(lesson.whatWentWell()).isEqualTo("rollback was quick");
            assertThat(lesson.improvements()).containsExactly("add an alert");
            assertThat(lesson.actor()).isEqualTo("responder");
            assertThat(lesson.at()).isEqualTo(minutes(2));
        });
        assertThat(release.actionItems()).singleElement().satisfies(item -> {
            assertThat(item.dueDate()).isEqualTo(LocalDate.of(2024, 6, 1));
            assertThat(item.lessonId()).isEqualTo("l1");
            assertThat(item.done()).isTrue();
            assertThat(item.completedAt()).isEqualTo(minutes(4));
            assertThat(item.note()).isEqualTo("done");
        });
    }

    @Test
    void a_reopened_ticket_has_no_resolution_until_it_is_resolved_again() {
        ReleaseAsOf release = fold(deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1),
                hotfixed("a", RELEASE, "shop@1.0.1", 2), reopened("a", RELEASE, "shop@1.0.1", 3));

        TicketAsOf ticket = tickets(release).get("a");
        assertThat(ticket.status()).isEqualTo("REOPENED");
        assertThat(ticket.resolution()).isNull();
        assertThat(ticket.fixedIn()).isNull();
    }

    /** Before, an open ticket without a priority was left out, where the release page counts it as NONE. */
    @Test
    void open_tickets_without_a_priority_count_under_none_as_on_the_release_page() {
        Object[] events = {deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1), reported("b", RELEASE, "bob", 2),
                prioritised("a", Severity.S1, Urgency.HIGH, null, 3),
                prioritised("b", Severity.S3, Urgency.LOW, null, 4)};

        assertThat(foldUpTo(3, events).openTicketsByPriority()).isEqualTo(Map.of("NONE", 2));
        assertThat(foldUpTo(4, events).openTicketsByPriority()).isEqualTo(Map.of("P1", 1, "NONE", 1));
        assertThat(foldUpTo(5, events).openTicketsByPriority()).isEqualTo(Map.of("P1", 1, "P4", 1));
    }

    private static ReleaseAsOf foldUpTo(int end, Object... events) {
        return fold(Arrays.copyOf(events, end));
    }

    @Test
    void the_retrospective_shows_when_and_by_whom_it_was_closed_once_it_is() {
        Object[] events = {deployed(RELEASE, 0), retrospectiveClosed(RELEASE, 5)};

        assertThat(foldUpTo(1, events).retrospectiveClosedAt()).isNull();
        assertThat(foldUpTo(1, events).retrospectiveClosedBy()).isNull();
        ReleaseAsOf closed = foldUpTo(2, events);
        assertThat(closed.retrospectiveClosedAt()).isEqualTo(minutes(5));
        assertThat(closed.retrospectiveClosedBy()).isEqualTo("responder");
    }

    @Test
    void an_action_item_names_who_completed_it_once_it_is_done() {
        Object[] events = {deployed(RELEASE, 0), actionItem(RELEASE, "i1", null, 1), actionItemDone(RELEASE, "i1", 2)};

        assertThat(foldUpTo(2, events).actionItems()).singleElement()
                .satisfies(item -> assertThat(item.completedBy()).isNull());
        assertThat(foldUpTo(3, events).actionItems()).singleElement()
                .satisfies(item -> assertThat(item.completedBy()).isEqualTo("sre"));
    }

    @Test
    void a_ticket_shows_its_report_resolution_and_reopening_as_its_ticket_view_does() {
        Object[] events = {deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1),
                prioritised("a", Severity.S2, Urgency.HIGH, null, 2), assigned("a", "dev", 3),
                resolved("a", RELEASE, 4), reopened("a", RELEASE, null, 5)};

        TicketAsOf reported = tickets(foldUpTo(2, events)).get("a");
        assertThat(reported.description()).isEqualTo("It broke");
        assertThat(reported.component()).isEqualTo("payments");
        assertThat(reported.reportedVia()).isEqualTo("web");
        assertThat(reported.acknowledgedAt()).isNull();
        assertThat(tickets(foldUpTo(4, events)).get("a").acknowledgedAt()).as("the first prioritisation")
                .isEqualTo(minutes(2));
        TicketAsOf resolved = tickets(foldUpTo(5, events)).get("a");
        assertThat(resolved.resolutionSummary()).isEqualTo("fixed it");
        assertThat(resolved.resolvedAt()).isEqualTo(minutes(4));
        assertThat(resolved.lastReopenReason()).isNull();
        TicketAsOf reopened = tickets(foldUpTo(6, events)).get("a");
        assertThat(reopened.resolutionSummary()).isNull();
        assertThat(reopened.resolvedAt()).isNull();
        assertThat(reopened.lastReopenReason()).isEqualTo("seen again");
        assertThat(reopened.acknowledgedAt()).isEqualTo(minutes(2));
    }

    @Test
    void an_assignment_before_any_prioritisation_acknowledges_a_ticket() {
        TicketAsOf ticket = tickets(fold(deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1),
                assigned("a", "dev", 2), prioritised("a", Severity.S2, Urgency.HIGH, null, 3))).get("a");

        assertThat(ticket.acknowledgedAt()).isEqualTo(minutes(2));
    }

    /** A duplicate from another release brings its own duplicates' reporters, and gives them back when one leaves. */
    @Test
    void a_ticket_counts_the_reporters_its_duplicates_brought_as_its_ticket_view_does() {
        String other = "other@2.0";
        Object[] events = {deployed(RELEASE, 0), deployed(other, 0), reported("a", RELEASE, "ann", 1),
                reported("x", other, "xavier", 2), reported("y", other, "yan", 3), reported("z", other, "ann", 3),
                markedDuplicate("y", "x", other, 4), attached("x", "y", "yan", 4),
                markedDuplicate("z", "x", other, 5), attached("x", "z", "ann", 5),
                markedDuplicate("x", "a", other, 6), attached("a", "x", "xavier", 6),
                reopened("y", other, null, 7), detached("x", "y", 7)};

        assertThat(tickets(foldUpTo(10, events)).get("a").reporters()).containsExactly("ann");
        assertThat(tickets(foldUpTo(12, events)).get("a").reporters()).containsExactly("ann", "xavier", "yan");
        assertThat(tickets(foldUpTo(14, events)).get("a").reporters()).as("ann stays: she reported a too")
                .containsExactly("ann", "xavier");
    }

    @Test
    void regressions_are_listed_as_on_the_release_page_for_the_release_and_its_hotfixes() {
        String fix = "shop@1.0.1";
        Object[] events = {deployed(RELEASE, 0), hotfix(fix, RELEASE, 1), reported("a", RELEASE, "ann", 2),
                reported("b", fix, "bob", 2), hotfixed("a", RELEASE, fix, 3), resolved("b", fix, 3),
                reopened("a", RELEASE, fix, 4), regression("a", RELEASE, fix, fix, 4),
                reopened("b", fix, fix, 5), regression("b", fix, null, fix, 5)};

        assertThat(foldUpTo(7, events).regressions()).isEmpty();
        assertThat(foldUpTo(10, events).regressions()).containsExactly(
                new RegressionView("a", fix, fix, minutes(4)), new RegressionView("b", null, fix, minutes(5)));
    }

    /** What the tester saw: a cut far past a release's last event, whose lastRecordedAt is that event's. */
    @Test
    void last_recorded_at_is_the_timestamp_of_the_last_event_folded_in_not_of_the_cut() {
        ReleaseFold fold = new ReleaseFold(RELEASE);
        fold.apply(deployed(RELEASE, 0), minutes(100));
        fold.apply(reported("a", RELEASE, "ann", 1), minutes(101));
        fold.apply(deployed("other@2.0", 2), minutes(102));
        fold.apply(reported("x", "other@2.0", "xavier", 3), minutes(103));

        ReleaseAsOf release = fold.result(4);
        assertThat(release.lastRecordedAt()).isEqualTo(minutes(101));
        assertThat(release.eventsApplied()).isEqualTo(2);
        assertThat(release.end()).isEqualTo(4);
    }

    /** Before, the replay showed times to the nanosecond where the release page and ticket views show milliseconds. */
    @Test
    void times_show_to_the_millisecond_as_every_other_answer_shows_them() {
        TicketReported report = reported("a", RELEASE, "ann", 1);
        TicketReported reportedPrecisely = new TicketReported(report.ticketId(), report.releaseId(), report.title(),
                report.description(), report.component(), report.reportedVia(), report.actor(),
                minutes(1).plusNanos(186_452_533));

        ReleaseAsOf release = fold(deployed(RELEASE, 0), reportedPrecisely);

        assertThat(release.tickets()).singleElement()
                .satisfies(ticket -> assertThat(ticket.reportedAt()).isEqualTo(minutes(1).plusMillis(186)));
    }
}
