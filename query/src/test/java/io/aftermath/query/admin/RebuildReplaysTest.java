package io.aftermath.query.admin;

import static io.aftermath.query.support.Incidents.prioritised;
import static io.aftermath.query.support.Incidents.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.mockito.stubbing.Answer;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.query.projection.ProjectionTransactionManager;
import io.aftermath.query.support.EventLog;
import io.aftermath.query.ticket.TicketProjection;
import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.Urgency;

/**
 * A rebuild replays the log into a new generation while the live processor keeps the generation read current,
 * then switches at exactly the live processor's position. Here the live processor is played by the test: it
 * applies the log's first events to the generation read, and a few more in the batch the switch waits for.
 */
class RebuildReplaysTest {

    private static final String TICKETS = ProjectionNames.TICKETS;
    private static final int LIVE = 2_500;
    private static final int LOG = 2_600;

    private final ProjectionProgress progress = mock(ProjectionProgress.class);
    private final TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
    private final EventStore eventStore = mock(EventStore.class);
    private final BatchGates gates = spy(new BatchGates());
    private final ReplayTurns turns = new ReplayTurns(1);
    private final AtomicLong live = new AtomicLong(LIVE);
    /** How far the log's head is ahead of the live processor. */
    private final AtomicLong lag = new AtomicLong();
    private final AtomicReference<Generations.Generation> switched = new AtomicReference<>();
    private final EventLog log = new EventLog();
    private MongoDatabase database;
    private Generations generations;
    private TicketProjection projection;
    private RebuildReplays replays;

    @BeforeEach
    void liveProcessorHere() {
        for (int i = 0; i < LOG; i++) {
            log.append(reported("t" + i, "r1", "alice", i));
            if (i % 10 == 0) {
                log.append(prioritised("t" + i, Severity.S1, Urgency.HIGH, null, i));
            }
        }
        database = EmbeddedMongo.freshDatabase();
        generations = new Generations(database);
        projection = new TicketProjection(database, generations);
        runningHere(TICKETS, projection, log, processor, progress, eventStore);
        when(progress.processedNow(TICKETS)).thenAnswer(call -> live.get());
        when(progress.heldHere(TICKETS)).thenReturn(true);
        replays = new RebuildReplays(progress, generations, eventStore, gates, turns, new NodeStop(),
                () -> live.get() + lag.get(), Duration.ofSeconds(10));
        log.applyTo(projection, 0, LIVE);
    }

    /** The processor's status follows its last batch a moment late: the switch goes by what the batch handed on. */
    @Test
    void the_replayed_generation_is_served_from_exactly_where_the_batch_the_switch_waited_for_left_the_processor()
            throws Exception {
        doAnswer(call -> {
            log.applyTo(projection, LIVE, log.size());
            when(gates.committedTo(TICKETS)).thenReturn((long) log.size());
            return call.callRealMethod();
        }).when(gates).close(any(), anyLong());
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
        assertThat(generations.get(TICKETS)).isEqualTo(new Generations.Generation(1, 1, 0));
        assertThat(documents(1)).hasSizeGreaterThan(LOG).isEqualTo(documents(0));
        InOrder order = inOrder(gates);
        order.verify(gates).close(any(), anyLong());
        order.verify(gates).open(TICKETS);
    }

    /**
     * Tester 93: a held catch-up of 4 events took 342 ms on a loaded node. Its record of how far the replay got would
     * be one more write behind the other replays' own; the switch records it instead. Here the catch-up is of the
     * 100 events the batch the switch waited for went on by.
     */
    @Test
    void the_catch_up_with_the_processor_held_records_nothing_but_the_switch() throws Exception {
        AtomicLong held = new AtomicLong();
        List<Long> recordedWhileHeld = new ArrayList<>();

        replayUntilSwitched(record -> {
            if (held.get() > 0) {
                recordedWhileHeld.add(record.getArgument(2));
            }
            return record.callRealMethod();
        }, hold -> {
            log.applyTo(projection, LIVE, log.size());
            live.set(log.size());
            Object closed = hold.callRealMethod();
            held.incrementAndGet();
            return closed;
        });

        assertThat(recordedWhileHeld).isEmpty();
        assertThat(switched.get().replayedTo()).isEqualTo(LIVE);
        assertThat(generations.get(TICKETS)).isEqualTo(new Generations.Generation(1, 1, 0));
        assertThat(documents(1)).hasSizeGreaterThan(LOG).isEqualTo(documents(0));
    }

    /** What follows the switch (the format recorded, the old generation's drop) does not hold the processor. */
    @Test
    void what_follows_the_switch_runs_once_the_processor_goes_on() {
        RebuildReplays.Switched followUp = mock(RebuildReplays.Switched.class);
        begin();

        replays.start(TICKETS, followUp);

        await().atMost(Duration.ofSeconds(60)).until(() -> !replays.replaying(TICKETS));
        InOrder order = inOrder(gates, followUp);
        order.verify(gates).open(TICKETS);
        order.verify(followUp).served(any(), any());
    }

    /**
     * A batch that comes while the switch holds the processor was read before the switch; it goes to the generation
     * switched to. Here it is the log's last event, a report neither generation holds.
     */
    @Test
    void a_live_batch_held_by_the_switch_goes_to_the_replayed_generation() throws Exception {
        TransactionManager live = gates.gated(TICKETS, new ProjectionTransactionManager());
        Thread batch = new Thread(() -> log.applyInBatch(live, log.size() - 1, log.size(), projection));
        doAnswer(call -> {
            Object closed = call.callRealMethod();
            batch.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> batch.getState() == Thread.State.WAITING);
            return closed;
        }).when(gates).close(any(), anyLong());
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
        batch.join(5_000);
        assertThat(ticket(1, "t" + (LOG - 1))).isNotNull();
        assertThat(ticket(0, "t" + (LOG - 1))).isNull();
    }

    @Test
    void the_replay_never_passes_the_live_processor_which_goes_on_from_where_it_stood() {
        live.set(1_500);
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
        assertThat(documents(1)).isNotEmpty().allMatch(document -> ProjectionStore.position(document) < 1_500);
    }

    /** Tester 88: reads lagged 25 s under writes while a replay shared a loaded node with the live processor. */
    @Test
    void the_replay_waits_while_the_live_processor_lags_behind_the_log() {
        lag.set(RebuildReplays.YIELD_LAG + 1);
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(800))
                .until(() -> generations.get(TICKETS).replayedTo() == 0);
        lag.set(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
    }

    /** Replays together take at most the node's turns, so the live processors that reads wait for keep cores. */
    @Test
    void the_replay_waits_while_the_node_has_no_turn_free() throws Exception {
        CountDownLatch otherReplayDone = replayWaitingForTheTurnOfAnother();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> generations.get(TICKETS).replayedTo() == 0);
        otherReplayDone.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
    }

    @Test
    void a_replay_whose_node_lost_the_projection_while_it_waited_for_a_turn_replays_nothing() throws Exception {
        CountDownLatch otherReplayDone = replayWaitingForTheTurnOfAnother();

        when(processor.processingStatus()).thenReturn(Map.of());
        otherReplayDone.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> !replays.replaying(TICKETS));
        assertThat(generations.get(TICKETS).replayedTo()).isZero();
        assertThat(documents(1)).isEmpty();
    }

    /**
     * Begins the rebuild and starts its replay while another replay holds the node's one turn, which it keeps until
     * the latch returned is counted down.
     */
    private CountDownLatch replayWaitingForTheTurnOfAnother() throws InterruptedException {
        CountDownLatch done = anotherReplayHoldingTheTurn();
        begin();
        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.waiting() == 1);
        return done;
    }

    /** Another replay takes the node's one turn and keeps it until the latch returned is counted down. */
    private CountDownLatch anotherReplayHoldingTheTurn() throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread otherReplay = new Thread(() -> {
            try {
                turns.take(() -> {
                    taken.countDown();
                    return done.await(60, TimeUnit.SECONDS);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        otherReplay.setDaemon(true);
        otherReplay.start();
        taken.await();
        return done;
    }

    @Test
    void a_replay_whose_node_lost_the_projection_meanwhile_serves_nothing_and_lets_the_processor_go() {
        when(progress.heldHere(TICKETS)).thenReturn(false);
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> !replays.replaying(TICKETS));
        assertThat(switched.get()).isNull();
        assertThat(generations.get(TICKETS).rebuilding()).isTrue();
        verify(gates).open(TICKETS);
    }

    @Test
    void a_switch_put_off_by_a_batch_in_flight_that_does_not_end_is_tried_again() throws Exception {
        doReturn(false).doCallRealMethod().when(gates).close(any(), anyLong());
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
        verify(gates, times(2)).close(any(), anyLong());
        verify(gates, times(1)).open(TICKETS);
    }

    /**
     * Tester 91: a switch that held the processor while it caught up 200 events held it, and the reads waiting for
     * it, 2.4 s on a loaded node. Here the processor goes on by 150 events during the replay's second batch and by 5
     * during its third: the replay closes in on the 150 unheld and is held only for the 5.
     */
    @Test
    void the_replay_closes_in_unheld_while_each_batch_shortens_the_distance() throws Exception {
        assertThat(heldBehind(2_000, 0L, 150L, 5L)).containsExactly(5L);
    }

    /**
     * Tester 93: closing in by less than half a batch, the replay held its processor at 192 events, for 4.8 s on a
     * loaded node. Here it closes in from 150 to 100 to 60, and then to 5.
     */
    @Test
    void a_replay_closing_in_slowly_goes_on_closing_in_unheld() throws Exception {
        assertThat(heldBehind(2_000, 0L, 150L, 100L, 60L, 5L)).containsExactly(5L);
    }

    /** A processor that goes on as fast as the replay closes in is not chased: it is held at once. */
    @Test
    void a_replay_that_does_not_close_in_holds_the_processor_where_it_is() throws Exception {
        assertThat(heldBehind(2_000, 0L, 150L, 150L)).containsExactly(150L);
    }

    /**
     * Five replays taking turns under writes (QueryBench, load=200 on a starved node): waiting for a turn between
     * batches, the replay fell behind again by as much as it closed in, and a switch held its processor 1.1 s.
     */
    @Test
    void a_replay_closing_in_takes_no_turn() throws Exception {
        CountDownLatch otherReplayDone = anotherReplayHoldingTheTurn();
        try {
            assertThat(heldBehind(150, 5L)).containsExactly(5L);
        } finally {
            otherReplayDone.countDown();
        }
    }

    /**
     * Replays the log from its start with the live processor at {@code liveAt}, which goes on by the amounts given,
     * one after each batch replayed unheld; how far behind the replay was each time the switch held the processor.
     */
    private List<Long> heldBehind(long liveAt, Long... goesOnBy) throws InterruptedException {
        live.set(liveAt);
        List<Long> amounts = new ArrayList<>(List.of(goesOnBy));
        List<Long> behindWhenHeld = new ArrayList<>();
        replayUntilSwitched(record -> {
            Object replayed = record.callRealMethod();
            if (behindWhenHeld.isEmpty() && !amounts.isEmpty()) {
                live.addAndGet(amounts.remove(0));
            }
            return replayed;
        }, hold -> {
            behindWhenHeld.add(live.get() - generations.get(TICKETS).replayedTo());
            return hold.callRealMethod();
        });
        return behindWhenHeld;
    }

    /**
     * Replays the log from its start until the switch, with the live processor where {@link #live} says; each record
     * of the replay's progress is answered by {@code onRecord}, the switch's hold of the processor by {@code onHold}.
     */
    private void replayUntilSwitched(Answer<Object> onRecord, Answer<Object> onHold) throws InterruptedException {
        Generations watched = spy(generations);
        doAnswer(onRecord).when(watched).replayed(any(), any(), anyLong());
        doAnswer(onHold).when(gates).close(any(), anyLong());
        replays = new RebuildReplays(progress, watched, eventStore, gates, turns, new NodeStop(), live::get,
                Duration.ofSeconds(10));
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
    }

    /** A held processor renews no claim: held as long as the claim timeout, it would lose the projection. */
    @Test
    void the_switch_holds_the_processor_for_at_most_half_the_claim_timeout() throws Exception {
        replays = new RebuildReplays(progress, generations, eventStore, gates, turns, new NodeStop(), live::get,
                Duration.ofSeconds(3));
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        await().atMost(Duration.ofSeconds(60)).until(() -> switched.get() != null && !replays.replaying(TICKETS));
        verify(gates).close(TICKETS, 1_500);
    }

    @Test
    void no_replay_runs_on_a_node_not_running_the_live_processor() throws Exception {
        when(processor.processingStatus()).thenReturn(Map.of());
        begin();

        replays.start(TICKETS, (name, rebuilt) -> switched.set(rebuilt));

        assertThat(replays.replaying(TICKETS)).isFalse();
        verify(gates, never()).close(any(), anyLong());
    }

    private Document ticket(int generation, String ticketId) {
        return database.getCollection(Generations.collectionName("ticket_views", generation))
                .find(new Document("_id", ticketId)).first();
    }

    private void begin() {
        assertThat(generations.beginRebuild(TICKETS, generations.nextGeneration(TICKETS))).isNotNull();
    }

    /** Every document of the projection in one generation, without what marked writes keep of earlier states. */
    private List<Document> documents(int generation) {
        List<Document> all = new ArrayList<>();
        for (String collection : List.of("ticket_views", "ticket_history")) {
            for (Document document : database.getCollection(Generations.collectionName(collection, generation))
                    .find().sort(new Document("_id", 1))) {
                document.remove(ProjectionStore.WRITE);
                document.remove(ProjectionStore.BEFORE);
                all.add(document);
            }
        }
        return all;
    }

    /**
     * The live processor of {@code projection}, running {@code handlers} on this node, and the log the event store
     * streams to replays.
     */
    static void runningHere(String projection, Object handlers, EventLog log, TrackingEventProcessor processor,
                            ProjectionProgress progress, EventStore eventStore) {
        List<TrackedEventMessage<?>> tracked = log.tracked();
        when(eventStore.openStream(any())).thenAnswer(call -> streamFrom(tracked, call.getArgument(0)));
        when(processor.eventHandlerInvoker()).thenReturn(SimpleEventHandlerInvoker.builder().eventHandlers(handlers)
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build());
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));
        when(progress.processor(projection)).thenReturn(Optional.of(processor));
    }

    /** The log from the token on, as the ledger streams it; all of it available at once. */
    static BlockingStream<TrackedEventMessage<?>> streamFrom(List<TrackedEventMessage<?>> log, TrackingToken token) {
        return new BlockingStream<>() {
            private int next = (int) Positions.processedBefore(token);

            @Override
            public Optional<TrackedEventMessage<?>> peek() {
                return next < log.size() ? Optional.of(log.get(next)) : Optional.empty();
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                return next < log.size();
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() {
                return log.get(next++);
            }

            @Override
            public void close() {
            }
        };
    }
}
