package io.aftermath.command.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

class EventStoreDirectoriesTest {

    static final String RELEASE = "checkout@2.4.0";
    static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    private final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final ReleaseDirectory releases = new EventStoreReleaseDirectory(eventStore);
    private final TicketDirectory tickets = new EventStoreTicketDirectory(eventStore);

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    private void append(EventStore store, String type, String id, long sequence, Object payload) {
        store.publish(new GenericDomainEventMessage<>(type, id, sequence, payload));
    }

    private void registerRelease() {
        append(eventStore, "Release", RELEASE, 0,
                new ReleaseRegistered(RELEASE, "checkout", "2.4.0", AT, "checkout@2.3.0", "notes", "alice", AT));
    }

    private void reportTicket(String id) {
        append(eventStore, "Ticket", id, 0,
                new TicketReported(id, RELEASE, "Payments fail", "500", null, null, "rita", AT));
    }

    @Test
    void a_registered_release_is_found_with_its_facts() {
        registerRelease();
        assertEquals(Optional.of(new ReleaseFacts(RELEASE, "checkout", "2.4.0", AT, "checkout@2.3.0")),
                releases.find(RELEASE));
    }

    @Test
    void a_release_registered_after_a_miss_is_found_then_remembered_without_reading_the_log_again() {
        AtomicInteger reads = new AtomicInteger();
        EmbeddedEventStore counted = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine() {
            @Override
            public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                reads.incrementAndGet();
                return super.readEvents(aggregateIdentifier, firstSequenceNumber);
            }
        }).build();
        ReleaseDirectory directory = new EventStoreReleaseDirectory(counted);
        try {
            assertTrue(directory.find(RELEASE).isEmpty());
            append(counted, "Release", RELEASE, 0,
                    new ReleaseRegistered(RELEASE, "checkout", "2.4.0", AT, null, "notes", "alice", AT));
            assertTrue(directory.find(RELEASE).isPresent());
            assertEquals(directory.find(RELEASE), directory.find(RELEASE));
            assertEquals(2, reads.get());
        } finally {
            counted.shutDown();
        }
    }

    @Test
    void a_missing_release_is_not_found() {
        assertTrue(releases.find("checkout@9.9.9").isEmpty());
        assertTrue(releases.find(null).isEmpty());
    }

    @Test
    void a_ticket_is_not_a_release_and_a_release_is_not_a_ticket() {
        registerRelease();
        reportTicket("t-1");
        assertTrue(releases.find("t-1").isEmpty());
        assertTrue(tickets.find(RELEASE).isEmpty());
    }

    @Test
    void a_snapshot_does_not_hide_the_registration() {
        registerRelease();
        eventStore.storeSnapshot(new GenericDomainEventMessage<>("Release", RELEASE, 0, "snapshot of the aggregate"));
        assertTrue(releases.find(RELEASE).isPresent());
    }

    @Test
    void a_reported_ticket_is_found_open_with_its_release_and_reporter() {
        reportTicket("t-1");
        assertEquals(Optional.of(new TicketFacts("t-1", RELEASE, "rita", null, false)), tickets.find("t-1"));
    }

    @Test
    void a_duplicate_ticket_names_its_canonical() {
        reportTicket("t-1");
        append(eventStore, "Ticket", "t-1", 1, new TicketMarkedDuplicate("t-1", "t-0", "t-9", RELEASE, "tom", AT));
        TicketFacts facts = tickets.find("t-1").orElseThrow();
        assertEquals("t-0", facts.canonicalTicketId());
        assertTrue(facts.duplicate());
    }

    @Test
    void a_reopened_duplicate_names_no_canonical() {
        reportTicket("t-1");
        append(eventStore, "Ticket", "t-1", 1, new TicketMarkedDuplicate("t-1", "t-0", "t-0", RELEASE, "tom", AT));
        append(eventStore, "Ticket", "t-1", 2, new TicketReopened("t-1", RELEASE, "not the same", null, "tom", AT));
        assertEquals(new TicketFacts("t-1", RELEASE, "rita", null, false), tickets.find("t-1").orElseThrow());
    }

    @Test
    void resolution_and_reopening_are_folded_in_order() {
        reportTicket("t-1");
        append(eventStore, "Ticket", "t-1", 1, new TicketResolved("t-1", RELEASE, Resolution.FIXED, "ok", null, "tom", AT));
        assertTrue(tickets.find("t-1").orElseThrow().resolved());
        append(eventStore, "Ticket", "t-1", 2, new TicketReopened("t-1", RELEASE, "back", null, "tom", AT));
        assertEquals(new TicketFacts("t-1", RELEASE, "rita", null, false), tickets.find("t-1").orElseThrow());
    }

    /** Tester 44: a canonical ticket's whole stream was read again on every marking of a duplicate onto it. */
    @Test
    void a_ticket_found_before_is_folded_on_from_where_it_was_read() {
        List<Long> readFrom = new CopyOnWriteArrayList<>();
        EmbeddedEventStore counted = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine() {
            @Override
            public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
                readFrom.add(firstSequenceNumber);
                return super.readEvents(aggregateIdentifier, firstSequenceNumber);
            }
        }).build();
        TicketDirectory directory = new EventStoreTicketDirectory(counted);
        try {
            append(counted, "Ticket", "t-1", 0, new TicketReported("t-1", RELEASE, "Payments fail", "500", null, null,
                    "rita", AT));
            append(counted, "Ticket", "t-1", 1, new TicketMarkedDuplicate("t-1", "t-0", "t-0", RELEASE, "tom", AT));
            assertEquals("t-0", directory.find("t-1").orElseThrow().canonicalTicketId());
            append(counted, "Ticket", "t-1", 2, new TicketReopened("t-1", RELEASE, "not the same", null, "tom", AT));

            assertEquals(new TicketFacts("t-1", RELEASE, "rita", null, false), directory.find("t-1").orElseThrow());
            assertEquals(new TicketFacts("t-1", RELEASE, "rita", null, false), directory.find("t-1").orElseThrow());
            assertEquals(List.of(0L, 2L, 3L), readFrom);
        } finally {
            counted.shutDown();
        }
    }
}
