package io.aftermath.query.audit;

import static io.aftermath.query.support.Incidents.actionItem;
import static io.aftermath.query.support.Incidents.actionItemDone;
import static io.aftermath.query.support.Incidents.attached;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.hotfixed;
import static io.aftermath.query.support.Incidents.lesson;
import static io.aftermath.query.support.Incidents.detached;
import static io.aftermath.query.support.Incidents.markedDuplicate;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.prioritised;
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

import io.aftermath.shared.query.ReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf.TicketAsOf;
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
                prioritised("a", Severity.S1, Urgency.HIGH, null, 3), prioritised("b", Severity.S3, Urgency.LOW, null, 4)};

        assertThat(foldUpTo(3, events).openTicketsByPriority()).isEqualTo(Map.of("NONE", 2));
        assertThat(foldUpTo(4, events).openTicketsByPriority()).isEqualTo(Map.of("P1", 1, "NONE", 1));
        assertThat(foldUpTo(5, events).openTicketsByPriority()).isEqualTo(Map.of("P1", 1, "P4", 1));
    }

    private static ReleaseAsOf foldUpTo(int end, Object... events) {
        return fold(Arrays.copyOf(events, end));
    }
}
