package io.aftermath.query.triage;

import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.regression;
import static io.aftermath.query.support.Incidents.reopened;
import static io.aftermath.query.support.Incidents.reported;
import static io.aftermath.query.support.Incidents.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.projection.Generations;
import io.aftermath.query.support.Defaults;
import io.aftermath.query.support.EventLog;
import io.aftermath.shared.query.FindTriageQueue;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/** The queue narrowed by status, priority, assignee and regression, and read page by page. */
class TriageFiltersTest {

    private static final String SHOP = "shop@1.0";
    private static final String SEARCH = "search@2.0";

    /** Whole queue: a, b, f (P1, in the order they are due), c (P2), e (P3), d (no priority); g is closed. */
    private final EventLog log = new EventLog().append(
            deployed(SHOP, 0), deployed(SEARCH, 0),
            reported("a", SHOP, "ann", 0), prioritised("a", Severity.S1, Urgency.HIGH, null, 10),
            assigned("a", "sam", 11),
            reported("b", SHOP, "bea", 1), prioritised("b", Severity.S1, Urgency.MEDIUM, null, 10),
            reported("c", SHOP, "cal", 2), prioritised("c", Severity.S2, Urgency.MEDIUM, null, 10),
            reported("d", SHOP, "dan", 3),
            reported("e", SHOP, "eve", 4), prioritised("e", Severity.S3, Urgency.MEDIUM, null, 10),
            assigned("e", "kim", 11), resolved("e", SHOP, 20), reopened("e", SHOP, "shop@1.1", 30),
            regression("e", SHOP, "shop@1.1", "shop@1.1", 30),
            reported("f", SEARCH, "fay", 5), prioritised("f", Severity.S1, Urgency.HIGH, null, 10),
            assigned("f", "sam", 11),
            reported("g", SHOP, "gus", 6), resolved("g", SHOP, 20));

    private TriageIndex index;
    private TriageProjection projection;

    @BeforeEach
    void setUp() {
        var database = EmbeddedMongo.freshDatabase();
        Generations generations = new Generations(database);
        index = new TriageIndex(Defaults.properties(), new MutableClock(minutes(60)), generations);
        projection = new TriageProjection(database, generations, index);
        log.applyTo(projection);
        index.reload();
    }

    @Test
    void without_filters_the_whole_queue_comes_in_triage_order() {
        assertThat(ids(null, null, TriageFilter.NONE)).containsExactly("a", "b", "f", "c", "e", "d");
    }

    @Test
    void status_keeps_tickets_in_any_of_the_statuses_given() {
        assertThat(ids(null, null, statuses(TicketStatus.TRIAGED))).containsExactly("b", "c");
        assertThat(ids(null, null, statuses(TicketStatus.IN_PROGRESS, TicketStatus.REOPENED)))
                .containsExactly("a", "f", "e");
        assertThat(ids(null, null, statuses(TicketStatus.REPORTED))).containsExactly("d");
    }

    @Test
    void priority_keeps_tickets_of_any_priority_given_and_none_asks_for_the_unprioritised() {
        assertThat(ids(null, null, priorities(false, Priority.P1))).containsExactly("a", "b", "f");
        assertThat(ids(null, null, priorities(true))).containsExactly("d");
        assertThat(ids(null, null, priorities(true, Priority.P1, Priority.P3))).containsExactly("a", "b", "f", "e", "d");
        assertThat(ids(null, null, priorities(false, Priority.P4))).isEmpty();
    }

    @Test
    void assignee_matches_exactly_and_unassigned_asks_for_tickets_nobody_took() {
        assertThat(ids(null, null, assignees(false, "sam"))).containsExactly("a", "f");
        assertThat(ids(null, null, assignees(false, "Sam"))).isEmpty();
        assertThat(ids(null, null, assignees(true))).containsExactly("b", "c", "d");
        assertThat(ids(null, null, assignees(true, "kim"))).containsExactly("b", "c", "e", "d");
    }

    @Test
    void regression_keeps_the_regressions_or_leaves_them_out() {
        assertThat(ids(null, null, regressions(true))).containsExactly("e");
        assertThat(ids(null, null, regressions(false))).containsExactly("a", "b", "f", "c", "d");
    }

    @Test
    void filters_combine_with_each_other_and_with_release_and_service() {
        TriageFilter samsP1 = new TriageFilter(Set.of(), Set.of(Priority.P1), false, Set.of("sam"), false, null);
        assertThat(ids(null, null, samsP1)).containsExactly("a", "f");
        assertThat(ids(SHOP, null, samsP1)).containsExactly("a");
        assertThat(ids(null, "search", samsP1)).containsExactly("f");
        assertThat(ids(SHOP, "search", samsP1)).isEmpty();
        TriageFilter unassignedTriaged = new TriageFilter(Set.of(TicketStatus.TRIAGED, TicketStatus.REPORTED), Set.of(),
                false, Set.of(), true, false);
        assertThat(ids(SHOP, null, unassignedTriaged)).containsExactly("b", "c", "d");
        assertThat(queue(SHOP, null, unassignedTriaged, 0, 1).total()).isEqualTo(3);
    }

    /**
     * Tester 27: a priority over a release, service or assignee with no open ticket was 500, and a stream so
     * filtered stopped updating once its last ticket closed: the empty set stood in for it had no order.
     */
    @Test
    void a_priority_over_a_release_service_or_assignee_with_no_open_ticket_is_an_empty_queue() {
        TriageFilter p1 = priorities(false, Priority.P1);
        TriageFilter samsP1 = new TriageFilter(Set.of(), Set.of(Priority.P1), false, Set.of("nobody"), false, null);
        TriageFilter resolvedUnprioritised = new TriageFilter(Set.of(TicketStatus.RESOLVED), Set.of(), true, Set.of(),
                false, null);

        assertThat(ids("empty@1.0", null, p1)).isEmpty();
        assertThat(ids(null, "nothing", priorities(true))).isEmpty();
        assertThat(ids(null, null, samsP1)).isEmpty();
        assertThat(ids(null, null, resolvedUnprioritised)).isEmpty();
    }

    @Test
    void pages_of_the_whole_queue_join_up_and_each_counts_every_ticket() {
        assertThat(pages(null, TriageFilter.NONE, 4)).containsExactly("a", "b", "f", "c", "e", "d");
        assertThat(pages(null, TriageFilter.NONE, 1)).containsExactly("a", "b", "f", "c", "e", "d");
        assertThat(pages(SHOP, TriageFilter.NONE, 2)).containsExactly("a", "b", "c", "e", "d");
    }

    @Test
    void pages_of_a_filtered_queue_join_up_and_each_counts_every_match() {
        assertThat(pages(null, assignees(true, "kim"), 3)).containsExactly("b", "c", "e", "d");
        assertThat(pages(SHOP, priorities(true, Priority.P1, Priority.P3), 2)).containsExactly("a", "b", "e", "d");
    }

    @Test
    void a_page_past_the_end_is_empty_and_still_counts_every_match() {
        TriageQueue whole = queue(null, null, TriageFilter.NONE, 6, 50);
        assertThat(whole.items()).isEmpty();
        assertThat(whole.total()).isEqualTo(6);
        TriageQueue filtered = queue(null, null, priorities(false, Priority.P1), 10, 50);
        assertThat(filtered.items()).isEmpty();
        assertThat(filtered.total()).isEqualTo(3);
    }

    /** A filtered stream is recomputed only for a change to a ticket that passes its filters, before or after. */
    @Test
    void a_tick_touches_a_filtered_queue_only_through_tickets_that_pass_its_filters_before_or_after() {
        index.tick(log.head(), log.head());
        TriageFilter p1 = priorities(false, Priority.P1);
        TriageFilter unprioritised = priorities(true);

        TriageChanges reprioritised = apply(prioritised("d", Severity.S1, Urgency.HIGH, null, 40));
        assertThat(reprioritised.touches(null, null, p1)).as("d joins the P1s").isTrue();
        assertThat(reprioritised.touches(null, null, unprioritised)).as("d leaves the unprioritised").isTrue();
        assertThat(reprioritised.touches(null, null, regressions(true))).isFalse();
        assertThat(reprioritised.touches(SHOP, null, p1)).isTrue();
        assertThat(reprioritised.touches(SEARCH, null, p1)).as("another release's queue").isFalse();
        assertThat(reprioritised.touches(SEARCH, null, TriageFilter.NONE)).isFalse();
        assertThat(reprioritised.touches(SHOP, null, TriageFilter.NONE)).isTrue();

        TriageChanges taken = apply(assigned("c", "kim", 41));
        assertThat(taken.touches(null, null, p1)).as("c is a P2").isFalse();
        assertThat(taken.touches(null, null, assignees(false, "kim"))).isTrue();
        assertThat(taken.touches(null, null, assignees(true))).as("c leaves the unassigned").isTrue();
        assertThat(taken.touches(null, null, TriageFilter.NONE)).isTrue();

        assertThat(apply(resolved("a", SHOP, 42)).touches(null, null, assignees(false, "sam")))
                .as("a leaves sam's queue").isTrue();
        assertThat(index.tick(log.head(), log.head()).isEmpty()).isTrue();
    }

    /** Each filter walks its own ordering of the tickets (an assignee's, a status's, ...): a change moves it in each. */
    @Test
    void a_ticket_changed_after_loading_is_found_by_its_new_values_only() {
        index.tick(log.head(), log.head());

        apply(prioritised("d", Severity.S1, Urgency.HIGH, null, 40));
        apply(assigned("c", "kim", 41));
        apply(resolved("a", SHOP, 42));
        apply(regression("b", SHOP, "shop@1.1", "shop@1.1", 43));

        assertThat(ids(null, null, priorities(false, Priority.P1))).containsExactly("b", "d", "f");
        assertThat(ids(null, null, priorities(true))).isEmpty();
        assertThat(ids(null, null, assignees(false, "kim"))).containsExactly("c", "e");
        assertThat(ids(null, null, assignees(false, "sam"))).containsExactly("f");
        assertThat(ids(null, null, statuses(TicketStatus.IN_PROGRESS))).containsExactly("f", "c");
        assertThat(ids(null, null, statuses(TicketStatus.TRIAGED))).containsExactly("b", "d");
        assertThat(ids(null, null, regressions(true))).containsExactly("b", "e");
        assertThat(ids(SHOP, null, new TriageFilter(Set.of(TicketStatus.IN_PROGRESS), Set.of(Priority.P2), false,
                Set.of("kim"), false, null))).containsExactly("c");
    }

    private TriageChanges apply(Object event) {
        long position = log.head();
        log.append(event);
        index.onEvent(event, position);
        log.applyTo(projection, (int) position, log.size());
        return index.tick(log.head(), log.head());
    }

    /** Reads every page of {@code limit} from offset 0, checking that each says the same total. */
    private List<String> pages(String releaseId, TriageFilter filter, int limit) {
        int total = queue(releaseId, null, filter, 0, limit).total();
        List<String> ids = new ArrayList<>();
        for (int offset = 0; offset < total; offset += limit) {
            TriageQueue page = queue(releaseId, null, filter, offset, limit);
            assertThat(page.total()).as("total at offset %d", offset).isEqualTo(total);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(item -> ids.add(item.ticketId()));
        }
        assertThat(ids).hasSize(total);
        return ids;
    }

    private List<String> ids(String releaseId, String service, TriageFilter filter) {
        TriageQueue queue = queue(releaseId, service, filter, 0, 50);
        assertThat(queue.total()).as("total").isEqualTo(queue.items().size());
        return queue.items().stream().map(TriageItem::ticketId).toList();
    }

    private TriageQueue queue(String releaseId, String service, TriageFilter filter, int offset, int limit) {
        return projection.handle(new FindTriageQueue(releaseId, service, filter, offset, limit));
    }

    private static TriageFilter statuses(TicketStatus... statuses) {
        return new TriageFilter(Set.of(statuses), Set.of(), false, Set.of(), false, null);
    }

    private static TriageFilter priorities(boolean unprioritised, Priority... priorities) {
        return new TriageFilter(Set.of(), Set.of(priorities), unprioritised, Set.of(), false, null);
    }

    private static TriageFilter assignees(boolean unassigned, String... assignees) {
        return new TriageFilter(Set.of(), Set.of(), false, Set.of(assignees), unassigned, null);
    }

    private static TriageFilter regressions(boolean regression) {
        return new TriageFilter(Set.of(), Set.of(), false, Set.of(), false, regression);
    }
}
