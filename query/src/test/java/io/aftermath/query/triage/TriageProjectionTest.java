package io.aftermath.query.triage;

import static io.aftermath.query.support.Incidents.assigned;
import static io.aftermath.query.support.Incidents.attached;
import static io.aftermath.query.support.Incidents.deployed;
import static io.aftermath.query.support.Incidents.detached;
import static io.aftermath.query.support.Incidents.markedDuplicate;
import static io.aftermath.query.support.Incidents.minutes;
import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.regression;
import static io.aftermath.query.support.Incidents.reopened;
import static io.aftermath.query.support.Incidents.reported;
import static io.aftermath.query.support.Incidents.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.support.Defaults;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.support.Story;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

class TriageProjectionTest {

    private static final String RELEASE = "shop@1.0";
    private static final String OTHER = "search@2.0";

    private MongoDatabase database;
    private MutableClock clock;
    private TriageIndex index;
    private TriageProjection projection;

    /** Tickets a..h: see each line for where it belongs in the queue. */
    private final EventLog log = new EventLog().append(
            deployed(RELEASE, 0), deployed(OTHER, 0),
            reported("a", RELEASE, "ann", 10), prioritised("a", Severity.S1, Urgency.HIGH, null, 30),
            reported("b", RELEASE, "bea", 5), prioritised("b", Severity.S1, Urgency.MEDIUM, null, 10),
            reported("c", RELEASE, "cal", 0), prioritised("c", Severity.S2, Urgency.MEDIUM, null, 40),
            reported("d", OTHER, "dan", 0), prioritised("d", Severity.S1, Urgency.LOW, null, 40),
            reported("d2", OTHER, "eve", 1), reported("d3", OTHER, "fay", 2),
            markedDuplicate("d2", "d", OTHER, 41), attached("d", "d2", "eve", 41),
            markedDuplicate("d3", "d", OTHER, 42), attached("d", "d3", "fay", 42),
            reported("e", RELEASE, "gus", 1),
            reported("f", RELEASE, "hal", 0), prioritised("f", Severity.S4, Urgency.LOW, null, 50),
            reported("g", RELEASE, "ida", 0), resolved("g", RELEASE, 60),
            reported("h", RELEASE, "jon", 3), prioritised("h", Severity.S2, Urgency.HIGH, null, 4),
            assigned("h", "sam", 5));

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        clock = new MutableClock(minutes(60));
        Generations generations = new Generations(database);
        index = new TriageIndex(Defaults.properties(), clock, generations);
        projection = new TriageProjection(database, generations, index);
    }

    @Test
    void open_tickets_come_by_priority_then_deadline_then_reporters_then_report_time() {
        log.applyTo(projection);
        index.reload();

        TriageQueue queue = projection.handle(new io.aftermath.shared.query.FindTriageQueue(null, null, 50));

        // h, b and a are P1 (in the order they are due), d is P2 with 3 reporters, c is P2 with 1 (same
        // deadline), f is P4, e has no priority yet; g is resolved and d2, d3 are duplicates.
        assertThat(queue.items()).extracting(TriageItem::ticketId).containsExactly("h", "b", "a", "d", "c", "f", "e");
        assertThat(queue.total()).isEqualTo(7);
        assertThat(queue.items().get(3).reporters()).isEqualTo(3);
        assertThat(queue.items().get(6).priority()).isNull();
        assertThat(queue.items().get(6).resolve()).isNull();
        assertThat(queue.items().get(0).assignee()).isEqualTo("sam");
    }

    @Test
    void deadlines_are_measured_from_the_report_and_breaches_computed_at_read_time() {
        log.applyTo(projection);
        index.reload();

        TriageItem a = item("a");
        assertThat(a.acknowledge().dueAt()).isEqualTo(minutes(10).plus(Duration.ofMinutes(15)));
        assertThat(a.acknowledge().metAt()).isEqualTo(minutes(30));
        assertThat(a.acknowledge().breached()).isTrue();
        assertThat(a.resolve().dueAt()).isEqualTo(minutes(10).plus(Duration.ofHours(4)));
        assertThat(a.resolve().breached()).isFalse();
        assertThat(item("b").acknowledge().breached()).isFalse();

        clock.set(minutes(10).plus(Duration.ofHours(4)).plusSeconds(1));

        assertThat(item("a").resolve().breached()).isTrue();
        assertThat(item("b").resolve().breached()).isTrue();
        assertThat(item("c").resolve().breached()).isFalse();
    }

    /** Tester 32: a ticket nobody prioritised had no deadline, so the queue never flagged it, however long it waited. */
    @Test
    void a_ticket_nobody_prioritised_is_due_to_be_within_the_triage_target_and_breaches_it() {
        new EventLog().append(deployed(RELEASE, 0), reported("u", RELEASE, "una", 0)).applyTo(projection);
        index.reload();
        clock.set(minutes(0).plus(Duration.ofMinutes(15)));

        assertThat(item("u").acknowledge().dueAt()).isEqualTo(minutes(0).plus(Duration.ofMinutes(15)));
        assertThat(item("u").acknowledge().breached()).isFalse();
        assertThat(item("u").resolve()).isNull();

        clock.set(minutes(16));

        assertThat(item("u").acknowledge().breached()).isTrue();
    }

    /**
     * Tester 13: a ticket acknowledged at P3 well within 8 h read as a breached acknowledgement once it was
     * escalated to P1, an SLA miss that never happened. The resolve deadline follows the priority as it is.
     */
    @Test
    void an_acknowledgement_is_judged_at_the_priority_it_was_given_and_resolution_at_the_current_one() {
        new EventLog().append(deployed(RELEASE, 0),
                reported("k", RELEASE, "kim", 0), prioritised("k", Severity.S4, Urgency.LOW, null, 20),
                prioritised("k", Severity.S1, Urgency.HIGH, null, 40)).applyTo(projection);
        index.reload();

        TriageItem k = item("k");
        assertThat(k.priority()).isEqualTo(Priority.P1);
        assertThat(k.acknowledge().dueAt()).isEqualTo(minutes(0).plus(Duration.ofDays(3)));
        assertThat(k.acknowledge().metAt()).isEqualTo(minutes(20));
        assertThat(k.acknowledge().breached()).isFalse();
        assertThat(k.resolve().dueAt()).isEqualTo(minutes(0).plus(Duration.ofHours(4)));
    }

    @Test
    void the_queue_filters_by_release_or_service_and_stops_at_the_limit() {
        log.applyTo(projection);
        index.reload();

        assertThat(projection.handle(new io.aftermath.shared.query.FindTriageQueue(OTHER, null, 50)).items())
                .extracting(TriageItem::ticketId).containsExactly("d");
        assertThat(projection.handle(new io.aftermath.shared.query.FindTriageQueue(null, "shop", 2)).items())
                .extracting(TriageItem::ticketId).containsExactly("h", "b");
        assertThat(projection.handle(new io.aftermath.shared.query.FindTriageQueue(null, "shop", 2)).total())
                .isEqualTo(6);
    }

    @Test
    void the_index_follows_events_once_the_projection_has_processed_them() {
        log.applyTo(projection);
        index.tick(log.head(), log.head());
        long head = log.head();
        log.append(reopened("g", RELEASE, null, 70), prioritised("e", Severity.S1, Urgency.HIGH, null, 71));
        index.onEvent(log.event((int) head), head);
        index.onEvent(log.event((int) head + 1), head + 1);

        assertThat(index.tick(head, head + 2).isEmpty()).isTrue();
        log.applyTo(projection, (int) head, log.size());
        Set<String> changed = index.tick(log.head(), log.head()).groups();

        assertThat(changed).contains("*", "release:" + RELEASE, "service:shop");
        assertThat(index.position()).isEqualTo(log.head());
        assertThat(index.queue(RELEASE, null, 50).items()).extracting(TriageItem::ticketId)
                .containsExactly("e", "h", "b", "a", "c", "f", "g");
        assertThat(item("e").priority()).isEqualTo(Priority.P1);
    }

    @Test
    void a_ticket_reopened_as_a_regression_says_so_in_the_queue() {
        log.applyTo(projection);
        index.tick(log.head(), log.head());
        long head = log.head();
        log.append(reopened("g", RELEASE, "shop@1.1", 70), regression("g", RELEASE, "shop@1.1", "shop@1.1", 70));
        index.onEvent(log.event((int) head), head);
        index.onEvent(log.event((int) head + 1), head + 1);
        log.applyTo(projection, (int) head, log.size());
        index.tick(log.head(), log.head());

        assertThat(item("g").regression()).isTrue();
        assertThat(item("a").regression()).isFalse();
        index.reload();
        assertThat(item("g").regression()).as("kept in the projection, not only in the index").isTrue();
    }

    /** Its position is a stream's event id and a read's position: it must not claim events it dropped. */
    @Test
    void an_index_too_far_behind_to_queue_events_keeps_its_position_until_it_has_loaded_them() {
        log.applyTo(projection);
        index.tick(log.head(), log.head());
        long head = log.head();
        long last = overflowFrom(head);

        index.tick(head + 10, last + 1);
        assertThat(index.position()).as("the events past the head were dropped, not applied").isEqualTo(head);

        index.tick(last + 1, last + 1);
        assertThat(index.position()).isEqualTo(last + 1);
    }

    /** Tester 90: a load on the live loop's thread held every projection's reads waiting for {@code after}. */
    @Test
    void a_load_runs_off_the_tick_which_answers_as_it_stood_meanwhile_then_reads_again_what_changed() {
        List<Runnable> loads = new ArrayList<>();
        indexLoadingBy(loads);

        assertThat(index.tick(log.head(), log.head()).isEmpty()).isTrue();
        assertThat(index.tick(log.head(), log.head()).isEmpty()).as("no second load while one runs").isTrue();
        assertThat(loads).hasSize(1);
        assertThat(index.position()).isZero();
        assertThat(index.queue(RELEASE, null, 50).items()).isEmpty();

        loads.get(0).run();
        long head = log.head();
        log.append(prioritised("e", Severity.S1, Urgency.HIGH, null, 71));
        index.onEvent(log.event((int) head), head);
        log.applyTo(projection, (int) head, log.size());

        assertThat(index.tick(log.head(), log.head())).as("anything may have changed").isSameAs(TriageChanges.ALL);
        assertThat(index.position()).isEqualTo(log.head());
        assertThat(index.queue(RELEASE, null, 50).items()).extracting(TriageItem::ticketId)
                .containsExactly("e", "h", "b", "a", "c", "f");
        assertThat(loads).hasSize(1);
    }

    @Test
    void a_load_that_fails_is_run_again_at_the_next_tick() {
        List<Runnable> loads = new ArrayList<>();
        Generations generations = indexLoadingBy(loads);
        index.tick(log.head(), log.head());
        loadFailsOnce(generations);
        loads.get(0).run();

        assertThatThrownBy(() -> index.tick(log.head(), log.head())).hasMessage("store gone");
        assertThat(index.position()).isZero();
        index.tick(log.head(), log.head());
        assertThat(loads).hasSize(2);
        loads.get(1).run();
        index.tick(log.head(), log.head());
        assertThat(index.position()).isEqualTo(log.head());
        assertThat(index.queue(RELEASE, null, 50).total()).isEqualTo(6);
    }

    @Test
    void a_load_of_dropped_events_that_fails_is_run_again_and_the_position_waits_for_it() {
        List<Runnable> loads = new ArrayList<>();
        Generations generations = indexLoadingBy(loads);
        index.tick(log.head(), log.head());
        loads.get(0).run();
        index.tick(log.head(), log.head());
        long head = log.head();
        long last = overflowFrom(head);
        index.tick(head + 10, last + 1);
        index.tick(last + 1, last + 1);
        loadFailsOnce(generations);
        loads.get(1).run();
        assertThatThrownBy(() -> index.tick(last + 1, last + 1)).hasMessage("store gone");

        index.tick(last + 1, last + 1);

        assertThat(loads).hasSize(3);
        assertThat(index.position()).as("the dropped events are not loaded yet").isEqualTo(head);
    }

    /** An index whose loads wait in {@code loads} until the test runs them, over the log's projection. */
    private Generations indexLoadingBy(List<Runnable> loads) {
        Generations generations = spy(new Generations(database));
        index = new TriageIndex(Defaults.properties(), clock, generations, loads::add);
        projection = new TriageProjection(database, generations, index);
        log.applyTo(projection);
        return generations;
    }

    /** Hands the index one event more than it queues, from {@code head}; returns the last one's position. */
    private long overflowFrom(long head) {
        long last = head + TriageIndex.MAX_PENDING;
        for (long position = head; position <= last; position++) {
            index.onEvent(reopened("g", RELEASE, null, 70), position);
        }
        return last;
    }

    private void loadFailsOnce(Generations generations) {
        doThrow(new IllegalStateException("store gone")).doCallRealMethod().when(generations)
                .get(ProjectionNames.TRIAGE);
    }

    @Test
    void replaying_events_twice_or_late_changes_nothing() {
        log.applyTo(projection);
        List<String> once = documents(database);

        log.applyTo(projection);
        EventLog.deliver(projection, log.event(3), 3);
        log.applyInBatches(4, projection);
        log.applyInBatches(8, projection);

        assertThat(documents(database)).isEqualTo(once);
    }

    /** a has duplicates b and c, both reported by bob; c has its own duplicate e; all are then reopened. */
    private static EventLog duplicatesReopened() {
        return new EventLog().append(deployed(RELEASE, 0),
                reported("a", RELEASE, "ann", 1), reported("b", RELEASE, "bob", 2), reported("c", RELEASE, "bob", 3),
                reported("d", RELEASE, "ann", 4), reported("e", RELEASE, "eve", 5),
                markedDuplicate("e", "c", RELEASE, 6), attached("c", "e", "eve", 6),
                markedDuplicate("b", "a", RELEASE, 7), attached("a", "b", "bob", 7),
                markedDuplicate("c", "a", RELEASE, 8), attached("a", "c", "bob", 8),
                markedDuplicate("d", "a", RELEASE, 9), attached("a", "d", "ann", 9));
    }

    @Test
    void a_reopened_duplicate_is_back_in_the_queue_and_its_canonical_counts_it_no_more() {
        EventLog reopening = duplicatesReopened();
        reopening.applyTo(projection);
        index.reload();
        assertThat(item("a").reporters()).as("ann, bob, eve").isEqualTo(3);

        reopening.append(reopened("b", RELEASE, null, 10), detached("a", "b", 10));
        reopening.applyTo(projection, reopening.size() - 2, reopening.size());
        index.reload();
        assertThat(item("a").reporters()).as("c still brings bob").isEqualTo(3);
        assertThat(item("b").reporters()).isEqualTo(1);

        reopening.append(reopened("d", RELEASE, null, 11), detached("a", "d", 11));
        reopening.applyTo(projection, reopening.size() - 2, reopening.size());
        index.reload();
        assertThat(item("a").reporters()).as("ann reported a herself").isEqualTo(3);

        reopening.append(reopened("c", RELEASE, null, 12), detached("a", "c", 12));
        reopening.applyTo(projection, reopening.size() - 2, reopening.size());
        index.reload();
        assertThat(item("a").reporters()).isEqualTo(1);
        assertThat(item("c").reporters()).as("c keeps its own duplicate e").isEqualTo(2);
        assertThat(index.queue(RELEASE, null, 50).items()).extracting(TriageItem::ticketId)
                .containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    /** e joined c, c joined a: e's reporter counts in a through c, and leaves a with e. */
    @Test
    void a_duplicate_reopened_below_another_takes_its_reporters_back_up_the_chain() {
        EventLog reopening = duplicatesReopened();
        reopening.applyTo(projection);
        index.tick(reopening.head(), reopening.head());
        long head = reopening.head();
        reopening.append(reopened("e", RELEASE, null, 10), detached("c", "e", 10));
        index.onEvent(reopening.event((int) head), head);
        index.onEvent(reopening.event((int) head + 1), head + 1);
        reopening.applyTo(projection, (int) head, reopening.size());

        index.tick(reopening.head(), reopening.head());

        assertThat(item("a").reporters()).as("ann, bob").isEqualTo(2);
        assertThat(item("e").reporters()).isEqualTo(1);
    }

    @Test
    void replaying_detachments_twice_or_in_batches_changes_nothing() {
        EventLog reopening = duplicatesReopened().append(reopened("e", RELEASE, null, 10), detached("c", "e", 10),
                reopened("b", RELEASE, null, 11), detached("a", "b", 11));
        reopening.applyTo(projection);
        List<String> once = documents(database);

        reopening.applyTo(projection);
        reopening.applyInBatches(3, projection);
        MongoDatabase other = EmbeddedMongo.freshDatabase();
        Generations generations = new Generations(other);
        reopening.applyInBatches(5, new TriageProjection(other, generations,
                new TriageIndex(Defaults.properties(), clock, generations)));

        assertThat(documents(database)).isEqualTo(once);
        assertThat(documents(other)).isEqualTo(once);
    }

    /** Each duplicate's reporters were kept in its canonical's item: it grew without bound, as the ticket's did. */
    @Test
    void a_canonical_items_document_grows_with_its_distinct_reporters_not_its_duplicates() {
        EventLog many = new EventLog().append(deployed(RELEASE, 0), reported("a", RELEASE, "ann", 1));
        for (int i = 0; i < 400; i++) {
            String duplicate = "d" + i;
            many.append(reported(duplicate, RELEASE, i % 2 == 0 ? "bob" : "eve", 2),
                    markedDuplicate(duplicate, "a", RELEASE, 3), attached("a", duplicate, "bob", 3));
        }
        many.applyTo(projection, 0, 2 + 3 * 100);
        int after100 = itemBytes("a");
        many.applyTo(projection, 2 + 3 * 100, many.size());

        assertThat(itemBytes("a")).isEqualTo(after100);
        index.reload();
        assertThat(item("a").reporters()).as("ann, bob, eve").isEqualTo(3);
    }

    private int itemBytes(String ticketId) {
        return database.getCollection(TriageProjection.ITEMS, RawBsonDocument.class)
                .find(new Document("_id", ticketId)).first().getByteBuffer().remaining();
    }

    private TriageItem item(String ticketId) {
        return index.queue(null, null, 50).items().stream().filter(i -> i.ticketId().equals(ticketId)).findFirst()
                .orElseThrow();
    }

    private static List<String> documents(MongoDatabase database) {
        return Story.snapshot(database, TriageProjection.DUPLICATE_REPORTERS, TriageProjection.ITEMS);
    }
}
