package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.testing.EmbeddedMongo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Eight writers append over overlapping streams, one commit is slow to serialize and one batch is
 * slow to become durable, while a tracking reader follows the log. Afterwards the log must hold every
 * acknowledged commit exactly once, without holes, and the reader must have seen exactly the log:
 * with one batch in flight (a node sharing its MongoDB) and with three (the embedded server's sole writer).
 */
class ConcurrentAppendProperties {

    private static final int WRITERS = 8;
    private static final int COMMITS_PER_WRITER = 60;
    private static final int STREAMS = 12;

    @Property(tries = 4)
    void every_acknowledged_commit_is_in_the_log_once_and_the_reader_saw_exactly_the_log(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        check(seed, LedgerSettings.defaults());
    }

    @Property(tries = 4)
    void with_batches_in_flight_every_acknowledged_commit_is_in_the_log_once_and_the_reader_saw_exactly_the_log(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed) throws Exception {
        check(seed, LedgerSettings.soleWriter());
    }

    private static void check(long seed, LedgerSettings settings) throws Exception {
        MongoDatabase database = EmbeddedMongo.freshDatabase();
        AtomicInteger barrierCalls = new AtomicInteger();
        DurabilityBarrier slowOnce = () -> {
            if (barrierCalls.incrementAndGet() == 10) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        };
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<TrackedEventMessage<?>> seenByReader = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writersDone = new AtomicBoolean();

        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, slowOnce, settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            Future<?> reader = pool.submit(() -> follow(engine, seenByReader, writersDone));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Random random = new Random(seed * 31 + w);
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int c = 0; c < COMMITS_PER_WRITER; c++) {
                        boolean slow = writer == 3 && c == 5;
                        appendWithRetry(engine, random, "w" + writer + "c" + c, slow, acknowledged);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writersDone.set(true);
            reader.get(2, TimeUnit.MINUTES);
            pool.shutdown();

            List<TrackedEventMessage<?>> log = engine.readEvents(null, false).<TrackedEventMessage<?>>map(e -> e)
                    .toList();
            assertContiguousPositions(log);
            assertThat(log.stream().map(TrackedEventMessage::getIdentifier))
                    .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
            assertContiguousStreams(log);
            assertThat(seenByReader.stream().map(TrackedEventMessage::getIdentifier).toList())
                    .containsExactlyElementsOf(log.stream().map(TrackedEventMessage::getIdentifier).toList());
            VerificationReport verified = new LedgerVerifier(database).verifyAll();
            assertThat(verified.intact()).isTrue();
            assertThat(verified.voidPositions()).isZero();
        }
    }

    private static void appendWithRetry(MongoLedgerStorageEngine engine, Random random, String commitId,
                                        boolean slow, Map<String, String> acknowledged) {
        String stream = "s" + random.nextInt(STREAMS);
        int size = 1 + random.nextInt(3);
        while (true) {
            long next = engine.lastSequenceNumberFor(stream).map(last -> last + 1).orElse(0L);
            List<DomainEventMessage<?>> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Object payload = slow && i == 0 ? new SlowlySerialized(commitId) : new Noted(commitId, i);
                events.add(new GenericDomainEventMessage<>("Stream", stream, next + i, payload));
            }
            try {
                engine.appendEvents(events);
                events.forEach(event -> acknowledged.put(event.getIdentifier(), commitId));
                return;
            } catch (ConcurrencyException | AggregateStreamCreationException lostRace) {
                // Another writer got there first: reload the stream's end and try again.
            }
        }
    }

    private static void follow(MongoLedgerStorageEngine engine, List<TrackedEventMessage<?>> seen,
                               AtomicBoolean writersDone) {
        TrackingToken token = null;
        while (true) {
            boolean done = writersDone.get();
            List<TrackedEventMessage<?>> batch = engine.readEvents(token, false)
                    .<TrackedEventMessage<?>>map(e -> e).toList();
            seen.addAll(batch);
            if (!batch.isEmpty()) {
                token = batch.get(batch.size() - 1).trackingToken();
            } else if (done) {
                return;
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static void assertContiguousPositions(List<TrackedEventMessage<?>> log) {
        for (int i = 0; i < log.size(); i++) {
            assertThat(((GlobalSequenceTrackingToken) log.get(i).trackingToken()).getGlobalIndex()).isEqualTo(i);
        }
    }

    private static void assertContiguousStreams(List<TrackedEventMessage<?>> log) {
        Map<String, Long> last = new HashMap<>();
        for (TrackedEventMessage<?> event : log) {
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            long expected = last.getOrDefault(domain.getAggregateIdentifier(), -1L) + 1;
            assertThat(domain.getSequenceNumber()).as("sequence of %s", domain.getAggregateIdentifier())
                    .isEqualTo(expected);
            last.put(domain.getAggregateIdentifier(), domain.getSequenceNumber());
        }
    }
}
