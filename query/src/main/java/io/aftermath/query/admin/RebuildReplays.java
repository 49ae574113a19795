package io.aftermath.query.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionTransactionManager;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * The replays of the rebuilds this node drives: each on a thread of its own, through the projection's own
 * handlers, into the generation being rebuilt, while the live processor keeps the generation read current.
 * A replay runs on the node running the live processor and records how far it has got after every batch, so
 * a node that takes the projection over goes on from there. Each batch takes one of the node's turns
 * ({@link ReplayTurns}), so rebuilds running at once leave cores to the live processors; the last few hundred
 * events before the switch take none.
 * <p>
 * While the live processor lags the log's head by more than {@value #YIELD_LAG} events, the replay waits. Once it
 * is within {@value #SWITCH_WITHIN} events of the live processor and no longer closes in, or within
 * {@value #SWITCH_AT_ONCE}, that processor is held between two batches
 * ({@link BatchGates}), the replay catches up to exactly where it stands, the replayed generation becomes the one
 * read and written, and the processor's next batch goes to it: it misses no event.
 */
@Component
public class RebuildReplays {

    private static final Logger LOG = LoggerFactory.getLogger(RebuildReplays.class);
    /** Events per replayed batch: more than the live processor's, whose batches keep latency low. */
    private static final int BATCH = 1000;
    /**
     * How close the replay must be before the live processor is held for the switch: what it catches up then is
     * read with the processor held, and reads that wait for a position wait with it (tester 88: up to 3.5 s for the
     * 1,000 events this was).
     */
    private static final long SWITCH_WITHIN = 200;
    /**
     * Close enough to hold the processor at once. Between this and {@link #SWITCH_WITHIN} the replay first closes in
     * unheld, batch by batch and in no turn, for as long as each batch shortens the distance: on a loaded node a
     * catch-up of 200 events held a processor, and the reads waiting for it, for seconds (tester 91: 2.4 s of a 3.7 s
     * hold; tester 93: 192 events, 4.8 s, held once a batch closed in by less than half).
     */
    private static final long SWITCH_AT_ONCE = 16;
    /**
     * A live processor this far behind the log's head has the replay wait: the replay shares the node with it, and
     * reads are served by it (tester 88: under 70 writes/s on a loaded machine, reads lagged 25 s).
     */
    static final long YIELD_LAG = 1_000;
    /**
     * The switch waits at most this long for the live processor's batch in flight to end, then as long for its
     * catch-up, with the processor held; past either it lets the processor go and tries again later. A held
     * processor renews no claim, so the hold also ends within half the claim timeout: a claim lapsing meanwhile
     * would hand the projection to another node, and the switch to nobody.
     */
    private static final long SWITCH_DEADLINE_MILLIS = 5_000;
    private static final long POLL_MILLIS = 200;
    /** A replay that failed (a store outage, a commit it cannot read) is tried again after 1, 2, 4, … up to 60 s. */
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LAST_RETRY_MILLIS = 60_000;

    /** The switch itself: the rebuilt generation is now served; the old one may be dropped. */
    @FunctionalInterface
    public interface Switched {
        void served(String projection, Generations.Generation rebuilt);
    }

    private final ProjectionProgress progress;
    private final Generations generations;
    private final EventStore eventStore;
    private final BatchGates gates;
    private final ReplayTurns turns;
    private final NodeStop stop;
    private final LongSupplier head;
    private final long switchDeadlineMillis;
    private final ProjectionTransactionManager transactions = new ProjectionTransactionManager(true);
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    @Autowired
    public RebuildReplays(ProjectionProgress progress, Generations generations, EventStore eventStore,
                          BatchGates gates, ReplayTurns turns, NodeStop stop, MongoLedgerStorageEngine engine,
                          AftermathProperties properties) {
        this(progress, generations, eventStore, gates, turns, stop, engine::head, properties.ledger().claimTimeout());
    }

    /** @param head the log's head, read once per batch to see whether the live processor lags */
    RebuildReplays(ProjectionProgress progress, Generations generations, EventStore eventStore, BatchGates gates,
                   ReplayTurns turns, NodeStop stop, LongSupplier head, Duration claimTimeout) {
        this.turns = turns;
        this.head = head;
        this.switchDeadlineMillis = Math.min(SWITCH_DEADLINE_MILLIS, claimTimeout.toMillis() / 2);
        this.progress = progress;
        this.generations = generations;
        this.eventStore = eventStore;
        this.gates = gates;
        this.stop = stop;
    }

    /**
     * Starts the projection's replay, unless it runs already, waits to be tried again after a failure, or this node
     * does not run the projection's live processor.
     */
    public void start(String projection, Switched switched) {
        start(projection, handlers -> new GenerationReplayed(projection, handlers, switched));
    }

    /** Starts the replay of the search index's rebuild ({@link SearchIndex#beginRebuild()}), as {@link #start} does. */
    public void startSearch(SearchIndex index) {
        start(ProjectionNames.SEARCH, handlers -> new SearchReplayed(index, handlers));
    }

    private void start(String projection, Function<EventHandlerInvoker, Replayed> replayed) {
        if (stop.begun() || System.currentTimeMillis() < notBefore.getOrDefault(projection, 0L)) {
            return;
        }
        StreamingEventProcessor processor = runningHere(projection);
        if (processor == null || !running.add(projection)) {
            return;
        }
        EventHandlerInvoker handlers = ((AbstractEventProcessor) processor).eventHandlerInvoker();
        DaemonThreads.start("aftermath-rebuild-" + projection, () -> run(projection, () -> replayed.apply(handlers)));
    }

    public boolean replaying(String projection) {
        return running.contains(projection);
    }

    private StreamingEventProcessor runningHere(String projection) {
        return progress.processor(projection)
                .filter(processor -> processor.isRunning() && !processor.processingStatus().isEmpty())
                .orElse(null);
    }

    /** Runs the replay; {@code replayed} reads the store, so it is asked here, where its failure is retried too. */
    private void run(String projection, Supplier<Replayed> replayed) {
        try {
            new Replay(projection, replayed.get()).run();
            failures.remove(projection);
        } catch (Exception e) {
            int failed = failures.merge(projection, 1, Integer::sum);
            long retryIn = Math.min(LAST_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failed - 1, 6));
            notBefore.put(projection, System.currentTimeMillis() + retryIn);
            if (!stop.begun()) {
                LOG.warn("Rebuild of projection {} paused, to go on from where it got in {} s: {}", projection,
                        retryIn / 1000, e.toString());
            }
        } finally {
            running.remove(projection);
        }
    }

    /**
     * What a rebuild's replay writes and switches to: a new generation of a shared projection's collections, or of
     * the search index.
     */
    private interface Replayed {

        /** True while the rebuild is under way. */
        boolean rebuilding();

        /** Every event before it is in what the replay writes, and the replay goes on from there. */
        long replayedTo();

        /** Where the live processor stands: every event before it processed. The replay never passes it. */
        long live();

        /** Applies the batch and records how far the replay got; false when the rebuild changed meanwhile. */
        boolean replay(List<TrackedEventMessage<?>> batch) throws Exception;

        /**
         * Applies the batch with the live processor held, recording how far the replay got only where applying it
         * does: the switch records it ({@link #serve}). False when the rebuild changed meanwhile, as far as is known.
         */
        boolean catchUp(List<TrackedEventMessage<?>> batch) throws Exception;

        /** With the live processor held, caught up with it: serves what was replayed; its generation, or -1 if not. */
        int serve();

        /** What follows a switch and need not hold the live processor: it runs once the processor goes on. */
        default void served() {
        }
    }

    /** A shared projection's: the generation being rebuilt, as the store records it, which any node can go on with. */
    private final class GenerationReplayed implements Replayed {

        private final String projection;
        private final EventHandlerInvoker handlers;
        private final Switched switched;
        /** As last recorded: the switch replaces exactly that. */
        private Generations.Generation rebuilding;
        private long applied;

        GenerationReplayed(String projection, EventHandlerInvoker handlers, Switched switched) {
            this.projection = projection;
            this.handlers = handlers;
            this.switched = switched;
            this.rebuilding = generations.fresh(projection);
            this.applied = rebuilding.replayedTo();
        }

        @Override
        public boolean rebuilding() {
            return rebuilding.rebuilding();
        }

        @Override
        public long replayedTo() {
            return applied;
        }

        /** Its status follows a committed batch a moment later; what the batch handed its store does not. */
        @Override
        public long live() {
            return Math.max(gates.committedTo(projection), progress.processedNow(projection));
        }

        @Override
        public boolean replay(List<TrackedEventMessage<?>> batch) throws Exception {
            catchUp(batch);
            rebuilding = generations.replayed(projection, rebuilding, applied);
            return rebuilding != null;
        }

        /**
         * Tester 93: a held catch-up of 4 events took 342 ms on a loaded node. Recording it would be one more write
         * to the store, behind the other replays' records; a switch that does not happen leaves it to the next batch,
         * or to the next replay, which applies it again and its position guards skip it.
         */
        @Override
        public boolean catchUp(List<TrackedEventMessage<?>> batch) throws Exception {
            apply(handlers, batch, transactions);
            applied = Positions.processedBefore(batch.get(batch.size() - 1).trackingToken());
            return true;
        }

        /** Unless its claim lapsed while it was held, no other node processed the projection meanwhile. */
        @Override
        public int serve() {
            return progress.heldHere(projection) && generations.completeRebuild(projection, rebuilding)
                    ? rebuilding.write() : -1;
        }

        /** Tester 93: serving held a processor up to 555 ms under writes; recording the format is one write less. */
        @Override
        public void served() {
            switched.served(projection, rebuilding);
        }
    }

    /** The search index's: every node's own, its new generation replayed on this node only. */
    private static final class SearchReplayed implements Replayed {

        private final SearchIndex index;
        private final EventHandlerInvoker handlers;

        SearchReplayed(SearchIndex index, EventHandlerInvoker handlers) {
            this.index = index;
            this.handlers = handlers;
        }

        @Override
        public boolean rebuilding() {
            return index.servingOldGeneration();
        }

        @Override
        public long replayedTo() {
            return index.rebuildPosition();
        }

        @Override
        public long live() {
            return index.processed();
        }

        @Override
        public boolean replay(List<TrackedEventMessage<?>> batch) throws Exception {
            return index.replay(() -> apply(handlers, batch, NoTransactionManager.instance()),
                    Positions.processedBefore(batch.get(batch.size() - 1).trackingToken()));
        }

        /** The index's commit is what makes the replayed events searchable, so the switch cannot do without it. */
        @Override
        public boolean catchUp(List<TrackedEventMessage<?>> batch) throws Exception {
            return replay(batch);
        }

        @Override
        public int serve() {
            return index.completeRebuildIfCaughtUp() ? index.generation() : -1;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static void apply(EventHandlerInvoker handlers, List<TrackedEventMessage<?>> batch,
                              TransactionManager transactions) throws Exception {
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            handlers.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw result.exceptionResult() instanceof Exception e ? e : new IllegalStateException(
                    result.exceptionResult());
        }
    }

    /** One replay, from where the rebuild says it got to the switch, or until this node stops driving it. */
    private final class Replay {

        private final String projection;
        private final Replayed replayed;
        /** Time spent waiting for the stream to have events: the switch's log line says how much of a hold it was. */
        private long waitedNanos;

        Replay(String projection, Replayed replayed) {
            this.projection = projection;
            this.replayed = replayed;
        }

        void run() throws Exception {
            if (!replayed.rebuilding()) {
                return;
            }
            long from = replayed.replayedTo();
            try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(
                    from == 0 ? null : new GlobalSequenceTrackingToken(from - 1))) {
                // How far behind the replay was before its last batch, once within SWITCH_WITHIN.
                long closingFrom = Long.MAX_VALUE;
                while (driving()) {
                    // Never past the live processor: what the switch hands it must be what it goes on from.
                    long live = replayed.live();
                    long behind = live - replayed.replayedTo();
                    if (head.getAsLong() - live > YIELD_LAG) {
                        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                    } else if (behind <= SWITCH_WITHIN && (behind <= SWITCH_AT_ONCE || behind >= closingFrom)) {
                        if (switchOver(events)) {
                            return;
                        }
                        closingFrom = Long.MAX_VALUE;
                    } else if (behind <= SWITCH_WITHIN) {
                        // In no turn: waiting for one, the replay fell behind again by as much as it closed in.
                        closingFrom = behind;
                        if (!replay(events, live, false)) {
                            return;
                        }
                    } else {
                        closingFrom = Long.MAX_VALUE;
                        if (!replayInTurn(events, live)) {
                            return;
                        }
                    }
                }
            }
        }

        private boolean driving() {
            return !stop.begun() && runningHere(projection) != null;
        }

        /**
         * The next batch, in one of the node's turns: a turn is taken only once there are events to replay, and
         * used only if this node still drives the replay after waiting for it.
         */
        private boolean replayInTurn(BlockingStream<TrackedEventMessage<?>> events, long until) throws Exception {
            return !available(events, until) || turns.take(() -> driving() && replayAvailable(events, until, false));
        }

        /**
         * Replays the next batch, of the events before {@code until}, {@code held} while the switch holds the
         * processor; false when the rebuild changed meanwhile (another node replays it, or it was switched), so this
         * replay ends.
         */
        private boolean replay(BlockingStream<TrackedEventMessage<?>> events, long until, boolean held)
                throws Exception {
            return !available(events, until) || replayAvailable(events, until, held);
        }

        private boolean available(BlockingStream<TrackedEventMessage<?>> events, long until)
                throws InterruptedException {
            long waiting = System.nanoTime();
            try {
                if (!events.hasNextAvailable((int) POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return false;
                }
                if (Positions.of(events.peek().orElseThrow().trackingToken()) >= until) {
                    // Up with the live processor, which has yet to reach the head: it is waited for, not spun on.
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                    return false;
                }
                return true;
            } finally {
                waitedNanos += System.nanoTime() - waiting;
            }
        }

        private boolean replayAvailable(BlockingStream<TrackedEventMessage<?>> events, long until, boolean held)
                throws Exception {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            while (batch.size() < BATCH && events.hasNextAvailable()
                    && Positions.of(events.peek().orElseThrow().trackingToken()) < until) {
                batch.add(events.nextAvailable());
            }
            return held ? replayed.catchUp(batch) : replayed.replay(batch);
        }

        /**
         * Holds the live processor between two batches, replays up to exactly where it stands and serves the replayed
         * generation; the processor goes on whatever happened. False when the batch in flight or the catch-up did not
         * end in time.
         */
        private boolean switchOver(BlockingStream<TrackedEventMessage<?>> events) throws Exception {
            long closing = System.nanoTime();
            if (!gates.close(projection, switchDeadlineMillis)) {
                LOG.info("Switch of projection {} put off: its processor's batch in flight took over {} ms", projection,
                        switchDeadlineMillis);
                return false;
            }
            long heldAt = System.nanoTime();
            int served = -1;
            long servedFrom = 0;
            long caughtUpFrom = replayed.replayedTo();
            long waitedBefore = waitedNanos;
            long servingAt = 0;
            try {
                // Going past where the processor goes on from only replays events the position guards then skip.
                long live = replayed.live();
                long deadline = System.currentTimeMillis() + switchDeadlineMillis;
                while (replayed.replayedTo() < live) {
                    if (stop.begun()) {
                        return false;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        LOG.info("Switch of projection {} put off: catching up from {} to {} took over {} ms", projection,
                                replayed.replayedTo(), live, switchDeadlineMillis);
                        return false;
                    }
                    // Waiting for a turn would hold the processor longer: the catch-up, at most a few hundred
                    // events, takes none.
                    if (!replay(events, live, true)) {
                        return true;
                    }
                }
                servedFrom = replayed.replayedTo();
                servingAt = System.nanoTime();
                served = replayed.serve();
                return true;
            } finally {
                gates.open(projection);
                if (served >= 0) {
                    long openedAt = System.nanoTime();
                    LOG.info("Projection {} rebuilt into generation {}, served from position {}; its processor was held "
                            + "for {} ms (catching up {} events in {} ms, {} of them waiting for events; serving in {} "
                            + "ms), after {} ms for its batch in flight", projection, served, servedFrom,
                            millis(openedAt - heldAt), servedFrom - caughtUpFrom, millis(servingAt - heldAt),
                            millis(waitedNanos - waitedBefore), millis(openedAt - servingAt), millis(heldAt - closing));
                    replayed.served();
                }
            }
        }
    }
}
