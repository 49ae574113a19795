package io.aftermath.command.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.command.directory.EventStoreTicketDirectory;
import io.aftermath.command.directory.FakeReleaseDirectory;
import io.aftermath.command.directory.ReleaseDirectory;
import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;
import io.aftermath.shared.ticket.MarkDuplicate;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Reopen;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Resolve;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.Urgency;

/**
 * Marking a duplicate, and reopening one: two tickets per decision, so a real (in-memory) Axon
 * configuration instead of the one-aggregate fixture.
 */
class DuplicateMarkingTest {

    static final String RELEASE = "checkout@2.4.0";
    static final String ACTOR = "tom";
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    private Configuration axon;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Ticket.class)
                .registerComponent(ReleaseDirectory.class,
                        c -> new FakeReleaseDirectory().with("checkout", "2.4.0").withHotfix("checkout", "2.4.1", "checkout@2.4.0"))
                .registerComponent(TicketDirectory.class, c -> new EventStoreTicketDirectory(c.eventStore()))
                .registerCommandHandler(c -> new DuplicateMarking(c.repository(Ticket.class),
                        c.getComponent(TicketDirectory.class), c.getComponent(ReleaseDirectory.class)))
                .registerCommandHandler(c -> new Reopening(c.repository(Ticket.class),
                        c.getComponent(TicketDirectory.class), c.getComponent(ReleaseDirectory.class)))
                .buildConfiguration();
        axon.start();
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private void report(String... ticketIds) {
        for (String id : ticketIds) {
            reportIn(RELEASE, id);
        }
    }

    private void reportIn(String releaseId, String ticketId) {
        axon.commandGateway().sendAndWait(new ReportTicket(ticketId, releaseId, "Payments fail", "500 on /pay", null,
                null, "reporter-" + ticketId, AT));
    }

    private void mark(String ticketId, String canonicalTicketId) {
        axon.commandGateway().sendAndWait(new MarkDuplicate(ticketId, canonicalTicketId, ACTOR, AT));
    }

    private void reopen(String ticketId, String observedIn) {
        axon.commandGateway().sendAndWait(new Reopen(ticketId, "not the same problem", observedIn, ACTOR, AT));
    }

    private ErrorCode rejectionOf(String ticketId, String canonicalTicketId) {
        return assertThrows(DomainRejection.class, () -> mark(ticketId, canonicalTicketId)).code();
    }

    private List<Object> stream(String id) {
        return axon.eventStore().readEvents(id).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    private Object last(String id) {
        List<Object> events = stream(id);
        return events.get(events.size() - 1);
    }

    @Test
    void marking_a_duplicate_writes_one_event_on_each_ticket() {
        report("a", "x");
        mark("x", "a");
        assertEquals(List.of(TicketReported.class, TicketMarkedDuplicate.class), types("x"));
        assertEquals(new TicketMarkedDuplicate("x", "a", "a", RELEASE, ACTOR, AT), last("x"));
        assertEquals(List.of(TicketReported.class, DuplicateAttached.class), types("a"));
        assertEquals(new DuplicateAttached("a", "x", "reporter-x", ACTOR, AT), last("a"));
    }

    @Test
    void a_duplicate_of_a_duplicate_joins_the_final_canonical() {
        report("a", "y", "x");
        mark("y", "a");
        mark("x", "y");
        assertEquals(new TicketMarkedDuplicate("x", "a", "y", RELEASE, ACTOR, AT), last("x"));
        assertEquals(new DuplicateAttached("a", "x", "reporter-x", ACTOR, AT), last("a"));
        assertEquals(2, stream("y").size(), "the intermediate ticket receives nothing");
    }

    @Test
    void a_ticket_with_duplicates_can_itself_become_a_duplicate() {
        report("a", "b", "y", "x");
        mark("y", "a");
        mark("a", "b");
        mark("x", "y");
        assertEquals(new TicketMarkedDuplicate("a", "b", "b", RELEASE, ACTOR, AT), last("a"));
        assertEquals(new TicketMarkedDuplicate("x", "b", "y", RELEASE, ACTOR, AT), last("x"));
        assertEquals(List.of(new DuplicateAttached("b", "a", "reporter-a", ACTOR, AT),
                new DuplicateAttached("b", "x", "reporter-x", ACTOR, AT)), stream("b").subList(1, 3));
    }

    @Test
    void marking_a_ticket_as_a_duplicate_of_its_own_duplicate_is_a_cycle() {
        report("a", "y");
        mark("y", "a");
        assertEquals(ErrorCode.DUPLICATE_CYCLE, rejectionOf("a", "y"));
        assertEquals(1, stream("a").size() - 1, "only the attachment of y, nothing from the refused marking");
        assertEquals(2, stream("y").size());
    }

    @Test
    void a_longer_cycle_is_found_through_the_chain() {
        report("a", "b", "c");
        mark("b", "a");
        mark("c", "b");
        assertEquals(ErrorCode.DUPLICATE_CYCLE, rejectionOf("a", "c"));
    }

    @Test
    void a_ticket_cannot_be_a_duplicate_of_itself() {
        report("a");
        assertEquals(ErrorCode.DUPLICATE_OF_ITSELF, rejectionOf("a", "a"));
        assertEquals(1, stream("a").size());
    }

    @Test
    void an_unknown_canonical_ticket_is_rejected() {
        report("x");
        assertEquals(ErrorCode.UNKNOWN_TICKET, rejectionOf("x", "nope"));
        assertEquals(1, stream("x").size());
    }

    @Test
    void a_release_is_not_a_canonical_ticket() {
        report("x");
        publishRelease();
        assertEquals(ErrorCode.UNKNOWN_TICKET, rejectionOf("x", RELEASE));
    }

    @Test
    void marking_an_unknown_ticket_is_rejected_as_not_found() {
        report("a");
        assertEquals(ErrorCode.TICKET_NOT_FOUND, rejectionOf("nope", "a"));
    }

    @Test
    void a_resolved_ticket_cannot_become_a_duplicate() {
        report("a", "x");
        axon.commandGateway().sendAndWait(new Resolve("x", Resolution.WONT_FIX, "No", null, ACTOR, AT));
        assertEquals(ErrorCode.TICKET_CLOSED, rejectionOf("x", "a"));
        assertEquals(1, stream("a").size());
    }

    @Test
    void a_duplicate_cannot_be_moved_to_another_canonical() {
        report("a", "b", "x");
        mark("x", "a");
        assertEquals(ErrorCode.TICKET_CLOSED, rejectionOf("x", "b"));
    }

    @Test
    void marking_the_same_duplicate_again_changes_nothing() {
        report("a", "x");
        mark("x", "a");
        mark("x", "a");
        assertEquals(2, stream("x").size());
        assertEquals(2, stream("a").size());
    }

    // Reopening a duplicate

    @Test
    void reopening_a_duplicate_detaches_it_from_its_canonical() {
        report("a", "x");
        mark("x", "a");
        reopen("x", null);
        assertEquals(new TicketReopened("x", RELEASE, "not the same problem", null, ACTOR, AT), last("x"));
        assertEquals(new DuplicateDetached("a", "x", "not the same problem", ACTOR, AT), last("a"));
    }

    @Test
    void a_reopened_duplicate_is_back_in_triage() {
        report("a", "x");
        mark("x", "a");
        reopen("x", null);
        axon.commandGateway().sendAndWait(new Prioritise("x", Severity.S2, Urgency.HIGH, "its own problem", ACTOR, AT));
        assertEquals(TicketPrioritised.class, last("x").getClass());
    }

    @Test
    void a_reopened_duplicate_takes_new_duplicates_itself() {
        report("a", "x", "y");
        mark("x", "a");
        reopen("x", null);
        mark("y", "x");
        assertEquals(new DuplicateAttached("x", "y", "reporter-y", ACTOR, AT), last("x"));
        assertEquals(DuplicateDetached.class, last("a").getClass());
    }

    @Test
    void a_duplicate_of_a_duplicate_leaves_the_ticket_it_joined() {
        report("a", "b", "y");
        mark("y", "a");
        mark("a", "b");
        reopen("y", null);
        assertEquals(new DuplicateDetached("a", "y", "not the same problem", ACTOR, AT), last("a"));
        assertEquals(2, stream("b").size(), "b counts a, and through a's state no longer y");
    }

    @Test
    void reopening_a_duplicate_is_never_a_regression() {
        report("a", "x");
        axon.commandGateway().sendAndWait(
                new Resolve("x", Resolution.HOTFIXED, "Patched", "checkout@2.4.1", ACTOR, AT));
        reopen("x", null);
        mark("x", "a");
        reopen("x", "checkout@2.4.1");
        assertEquals(new TicketReopened("x", RELEASE, "not the same problem", "checkout@2.4.1", ACTOR, AT), last("x"));
    }

    @Test
    void reopening_a_reopened_duplicate_again_is_rejected_and_detaches_nothing() {
        report("a", "x");
        mark("x", "a");
        reopen("x", null);
        DomainRejection rejection = assertThrows(DomainRejection.class, () -> reopen("x", null));
        assertEquals(ErrorCode.TICKET_NOT_RESOLVED, rejection.code());
        assertEquals(3, stream("a").size());
    }

    @Test
    void reopening_an_unknown_ticket_is_rejected_as_not_found() {
        publishRelease();
        assertEquals(ErrorCode.TICKET_NOT_FOUND,
                assertThrows(DomainRejection.class, () -> reopen("nope", null)).code());
        assertEquals(ErrorCode.TICKET_NOT_FOUND,
                assertThrows(DomainRejection.class, () -> reopen(RELEASE, null)).code());
    }

    /** Axon refuses to load a foreign stream as a ticket; the web layer maps that to a 404. */
    @Test
    void a_stream_of_another_type_is_not_handled_as_a_ticket() {
        publishRelease();
        assertThrows(IncompatibleAggregateException.class, () -> axon.commandGateway().sendAndWait(
                new Prioritise(RELEASE, Severity.S1, Urgency.HIGH, "why", ACTOR, AT)));
        assertEquals(1, stream(RELEASE).size());
    }

    @Test
    void opposite_markings_racing_never_leave_a_cycle() throws Exception {
        for (int round = 0; round < 25; round++) {
            String a = "a" + round;
            String b = "b" + round;
            report(a, b);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<ErrorCode> first = CompletableFuture.supplyAsync(() -> race(go, a, b));
            CompletableFuture<ErrorCode> second = CompletableFuture.supplyAsync(() -> race(go, b, a));
            go.countDown();
            List<ErrorCode> outcomes = new ArrayList<>();
            outcomes.add(first.get(10, TimeUnit.SECONDS));
            outcomes.add(second.get(10, TimeUnit.SECONDS));
            assertTrue(outcomes.contains(null), "one marking succeeds: " + outcomes);
            outcomes.remove(null);
            assertTrue(outcomes.get(0) == ErrorCode.DUPLICATE_CYCLE || outcomes.get(0) == ErrorCode.CONCURRENCY_CONFLICT,
                    "the other is refused: " + outcomes);
            assertFalse(last(a) instanceof TicketMarkedDuplicate && last(b) instanceof TicketMarkedDuplicate);
        }
    }

    private ErrorCode race(CountDownLatch go, String ticketId, String canonicalId) {
        try {
            go.await();
            mark(ticketId, canonicalId);
            return null;
        } catch (DomainRejection rejection) {
            return rejection.code();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publishRelease() {
        axon.eventStore().publish(new GenericDomainEventMessage<>("Release", RELEASE, 0,
                new ReleaseRegistered(RELEASE, "checkout", "2.4.0", AT, null, null, ACTOR, AT)));
    }

    /**
     * Tester 13: a report against the release that shipped the fix, marked a duplicate of the resolved ticket,
     * left the queue and was never counted as a regression.
     */
    @Test
    void a_report_where_the_canonicals_fix_shipped_is_a_regression_to_reopen_not_a_duplicate() {
        report("a", "older");
        reportIn("checkout@2.4.1", "seen-again");
        axon.commandGateway().sendAndWait(
                new Resolve("a", Resolution.HOTFIXED, "Patched", "checkout@2.4.1", ACTOR, AT));

        DomainRejection refused = assertThrows(DomainRejection.class, () -> mark("seen-again", "a"));
        assertEquals(ErrorCode.REGRESSION_NOT_DUPLICATE, refused.code());
        assertTrue(refused.getMessage().contains("Reopen a with observedIn checkout@2.4.1"), refused.getMessage());
        assertEquals(1, stream("seen-again").size(), "nothing appended on the report");
        assertEquals(2, stream("a").size(), "nothing appended on the canonical");

        mark("older", "a");
        assertEquals(new DuplicateAttached("a", "older", "reporter-older", ACTOR, AT), last("a"));

        reopen("a", "checkout@2.4.1");
        mark("seen-again", "a");
        assertEquals(new DuplicateAttached("a", "seen-again", "reporter-seen-again", ACTOR, AT), last("a"));
    }

    @Test
    void a_retried_marking_stays_a_no_op_after_its_canonical_is_fixed() {
        reportIn("checkout@2.4.1", "seen-again");
        report("a");
        mark("seen-again", "a");
        axon.commandGateway().sendAndWait(
                new Resolve("a", Resolution.HOTFIXED, "Patched", "checkout@2.4.1", ACTOR, AT));

        mark("seen-again", "a");
        assertEquals(2, stream("seen-again").size());
    }

    private List<Class<?>> types(String id) {
        return stream(id).stream().<Class<?>>map(Object::getClass).toList();
    }
}
