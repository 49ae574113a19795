package io.aftermath.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared token store as seen by the MongoDB projections: a token stored during a processing batch
 * is written only after the batch's documents (see {@link ProjectionTransactionManager}). The store
 * writes the {@link Checkpoints checkpoint} other nodes' read-your-writes waits read in the same update.
 * <p>
 * While events flow, a batch's token is written at most once per {@code interval} (0: every batch): a
 * later one waits, and the latest waiting is written when the interval is up, before the segment's claim
 * is extended, released or fetched, and before any token stored outside a batch (a reset), which is
 * written at once. Each segment's writes hold one lock, so a waiting token is never written after a newer
 * one. A crash loses at most the interval's progress: those events are processed again, and every read
 * model skips an event its document already holds (its {@code _pos} guard).
 */
public class ProjectionTokenStore implements TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionTokenStore.class);

    /** Runs a task once, after a delay, on another thread. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final TokenStore delegate;
    private final long intervalMillis;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Map<String, Cadence> cadences = new ConcurrentHashMap<>();
    private final SegmentSearches searches;
    private final ProjectionShares shares;
    private final Runnable readGenerations;

    ProjectionTokenStore(TokenStore delegate, Duration interval, Scheduler scheduler, SegmentSearches searches,
                         ProjectionShares shares, Runnable readGenerations) {
        this(delegate, interval, Clock.systemUTC(), scheduler, searches, shares, readGenerations);
    }

    ProjectionTokenStore(TokenStore delegate, Duration interval, Clock clock, Scheduler scheduler,
                         SegmentSearches searches, ProjectionShares shares, Runnable readGenerations) {
        this.delegate = delegate;
        this.searches = searches;
        this.shares = shares;
        this.readGenerations = readGenerations;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        // A processing batch stores inside its batching unit of work; a reset, or a batch of events none of
        // the handlers take, stores outside one, and a reset must never wait.
        boolean processed = CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?>;
        Runnable store = processed ? () -> offer(token, processorName, segment)
                : () -> cadence(processorName, segment).write(token);
        ProjectionBatch batch = ProjectionBatch.CURRENT.get();
        if (batch == null) {
            store.run();
        } else {
            batch.handed(token);
            batch.afterFlush(store);
        }
    }

    private void offer(TrackingToken token, String processorName, int segment) {
        Cadence cadence = cadence(processorName, segment);
        synchronized (cadence) {
            long wait = cadence.writtenAt + intervalMillis - clock.millis();
            if (wait <= 0) {
                cadence.write(token);
                return;
            }
            cadence.pending = token;
            cadence.waiting = true;
            if (!cadence.scheduled) {
                cadence.scheduled = true;
                scheduler.schedule(cadence::writeWaiting, Duration.ofMillis(wait));
            }
        }
    }

    private Cadence cadence(String processorName, int segment) {
        return cadences.computeIfAbsent(processorName + "#" + segment, key -> new Cadence(processorName, segment));
    }

    /** Writes the segment's waiting token, if any, before another operation on its entry. */
    private void settle(String processorName, int segment) {
        Cadence cadence = cadences.get(processorName + "#" + segment);
        if (cadence != null) {
            synchronized (cadence) {
                if (cadence.waiting) {
                    cadence.write(cadence.pending);
                }
            }
        }
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        settle(processorName, segment);
        TrackingToken token = delegate.fetchToken(processorName, segment);
        // A worker in retry mode claims again by number, past the search: it counts all the same.
        shares.claimed(processorName);
        return token;
    }

    /**
     * Only Axon's search for a segment claims by {@link Segment}; its workers fetch by number. The claim counts
     * toward this node's share before it is made, so two processors searching at once cannot both pass a full share.
     */
    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return searches.claim(processorName, segment.getSegmentId(), () -> {
            if (!shares.reserve(processorName)) {
                throw new UnableToClaimTokenException("This node runs its share of the shared projections ("
                        + shares.share() + " with " + shares.liveNodes() + " live query nodes): segment ["
                        + segment.getSegmentId() + "] of processor [" + processorName + "] is left for another node");
            }
            try {
                settle(processorName, segment.getSegmentId());
                TrackingToken token = delegate.fetchToken(processorName, segment);
                readGenerations.run();
                return token;
            } catch (RuntimeException e) {
                shares.gone(processorName);
                throw e;
            }
        });
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        settle(processorName, segment);
        try {
            delegate.extendClaim(processorName, segment);
        } catch (UnableToClaimTokenException e) {
            shares.gone(processorName);
            throw e;
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        shares.gone(processorName);
        settle(processorName, segment);
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        shares.gone(processorName);
        settle(processorName, segment);
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return searches.segments(processorName, () -> delegate.fetchSegments(processorName));
    }

    /**
     * None while this node's share of the shared projections is full, so a full node does not try to claim. A search
     * the store answered tells the other nodes that this processor would take its segment if handed it.
     */
    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        List<Segment> available = searches.available(() -> {
            List<Segment> answered = delegate.fetchAvailableSegments(processorName);
            shares.searched(processorName);
            return answered;
        });
        if (available.isEmpty()) {
            shares.heldElsewhere(processorName);
            return available;
        }
        return shares.mayClaim(processorName) ? available : List.of();
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }

    /** One segment's token writes: when the last was, and the token waiting for the next. Guarded by itself. */
    private final class Cadence {

        private final String processorName;
        private final int segment;
        private long writtenAt = Long.MIN_VALUE / 2;
        private TrackingToken pending;
        private boolean waiting;
        private boolean scheduled;

        Cadence(String processorName, int segment) {
            this.processorName = processorName;
            this.segment = segment;
        }

        /** Writes this token now; whatever waited is older and is dropped. */
        void write(TrackingToken token) {
            synchronized (this) {
                waiting = false;
                pending = null;
                try {
                    delegate.storeToken(token, processorName, segment);
                } catch (UnableToClaimTokenException e) {
                    shares.gone(processorName);
                    throw e;
                }
                writtenAt = clock.millis();
            }
        }

        /**
         * The scheduled write. If the claim is gone (another node took the segment), the waiting token
         * is dropped: the processor learns of it at its next store or extension, and the new owner's
         * progress must not be written over.
         */
        void writeWaiting() {
            synchronized (this) {
                scheduled = false;
                if (!waiting) {
                    return;
                }
                try {
                    write(pending);
                } catch (RuntimeException e) {
                    LOG.warn("Could not store the waiting token of segment {} of processor {}: {}", segment,
                            processorName, e.toString());
                }
            }
        }
    }
}
