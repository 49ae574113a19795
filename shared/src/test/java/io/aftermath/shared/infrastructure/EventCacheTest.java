package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.aftermath.shared.infrastructure.AftermathProperties.Ledger;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ledger.Noted;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * {@code aftermath.ledger.cached-events} bounds the events kept in memory for the processors following the head: one
 * further behind reads the ledger on its own, and misses nothing for it.
 */
class EventCacheTest {

    private static final int PUBLISHED_WHILE_NOT_READING = 10;

    private MongoLedgerStorageEngine ledger;
    private final AtomicInteger ownReads = new AtomicInteger();
    private final AtomicLong cachedUpTo = new AtomicLong(-1);
    private EmbeddedEventStore store;

    @BeforeEach
    void setUp() {
        ledger = MongoLedgerStorageEngine.builder()
                .database(EmbeddedMongo.freshDatabase())
                .eventSerializer(LedgerSerializers.messages())
                .snapshotSerializer(LedgerSerializers.snapshots())
                .build();
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutDown();
        }
        ledger.close();
    }

    @Test
    void a_processor_further_behind_than_the_cache_reads_the_ledger_itself_and_misses_nothing()
            throws InterruptedException {
        store = storeCaching(2);

        List<Long> positions = readWhileFallingBehind();

        assertThat(positions).containsExactlyElementsOf(everyPosition());
        assertThat(ownReads).as("reads of the ledger of its own, beside the one before it joined the cache")
                .hasValueGreaterThan(1);
    }

    @Test
    void a_processor_within_the_cache_shares_its_reads() throws InterruptedException {
        store = storeCaching(10_000);

        List<Long> positions = readWhileFallingBehind();

        assertThat(positions).containsExactlyElementsOf(everyPosition());
        assertThat(ownReads).as("only the read before it joined the cache").hasValue(1);
    }

    /**
     * Positions read by a processor that takes one event, then reads the others only once the event store has put
     * them all in its cache (or past it).
     */
    private List<Long> readWhileFallingBehind() throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> processor = store.openStream(null)) {
            assertThat(processor.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isFalse();
            store.publish(ticketEvent(0));
            positions.add(position(next(processor)));
            store.publish(IntStream.rangeClosed(1, PUBLISHED_WHILE_NOT_READING)
                    .<EventMessage<?>>mapToObj(EventCacheTest::ticketEvent).toList());
            long head = ((GlobalSequenceTrackingToken) ledger.createHeadToken()).getGlobalIndex();
            await().atMost(Duration.ofSeconds(10)).until(() -> cachedUpTo.get() == head);
            while (positions.size() <= PUBLISHED_WHILE_NOT_READING) {
                positions.add(position(next(processor)));
            }
        }
        return positions;
    }

    private EmbeddedEventStore storeCaching(int cachedEvents) {
        return LedgerEventStores.builder(new CountingOwnReads(ledger, ownReads, cachedUpTo), ledgerSettings(cachedEvents))
                .build();
    }

    private static Ledger ledgerSettings(int cachedEvents) {
        return new Ledger(false, Duration.ofMillis(10), Duration.ofSeconds(10), cachedEvents);
    }

    private static TrackedEventMessage<?> next(BlockingStream<TrackedEventMessage<?>> processor)
            throws InterruptedException {
        assertThat(processor.hasNextAvailable(10, TimeUnit.SECONDS)).as("an event within 10 s").isTrue();
        return processor.nextAvailable();
    }

    private static long position(TrackedEventMessage<?> event) {
        return ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex();
    }

    private List<Long> everyPosition() {
        long head = ((GlobalSequenceTrackingToken) ledger.createHeadToken()).getGlobalIndex();
        return LongStream.rangeClosed(head - PUBLISHED_WHILE_NOT_READING, head).boxed().toList();
    }

    private static DomainEventMessage<Noted> ticketEvent(long sequence) {
        return new GenericDomainEventMessage<>("Ticket", "t-1", sequence, new Noted("event " + sequence, (int) sequence));
    }

    /**
     * The ledger, counting the reads processors make of it on their own ({@code mayBlock} false) and noting how far
     * the event store's one shared read for its cache (which blocks) has got.
     */
    private record CountingOwnReads(EventStorageEngine ledger, AtomicInteger ownReads, AtomicLong cachedUpTo)
            implements EventStorageEngine {

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            if (mayBlock) {
                return ledger.readEvents(token, true).peek(event -> cachedUpTo.set(position(event)));
            }
            ownReads.incrementAndGet();
            return ledger.readEvents(token, false);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            ledger.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            ledger.storeSnapshot(snapshot);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return ledger.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return ledger.readSnapshot(aggregateIdentifier);
        }

        @Override
        public TrackingToken createHeadToken() {
            return ledger.createHeadToken();
        }
    }
}
