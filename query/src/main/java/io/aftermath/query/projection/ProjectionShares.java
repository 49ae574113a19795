package io.aftermath.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of the shared projections this query node runs: its share, the shared projections divided among the
 * live query nodes ({@link QueryNodes}), rounded up. A processor claims its segment only while the node holds fewer
 * than its share, and a node holding more (it ran alone until another joined) hands one over per round, once the
 * count of live nodes has held for a claim timeout, so processing and rebuilds spread over the query nodes instead of
 * staying on whichever started first.
 * <p>
 * Nothing is left unprocessed for it: a segment that stays free for a claim timeout while this node is refused it
 * (the node it was handed to never took it: an earlier version, or one that cannot claim) is claimed anyway, and no
 * projection is handed over again for {@value #BACK_OFF_TIMEOUTS} claim timeouts after that. A projection being
 * rebuilt is not handed over: its replay runs on this node.
 */
public class ProjectionShares {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionShares.class);
    static final int BACK_OFF_TIMEOUTS = 6;

    /** Hands a projection's segment over: its processor lets the claim go and stays off it for the duration. */
    @FunctionalInterface
    public interface Release {
        void release(String projection, Duration duration);
    }

    private final Duration claimTimeout;
    private final Clock clock;
    private final Predicate<String> rebuilding;
    private final Release release;
    /** The projections this node holds or is claiming. */
    private final Set<String> held = new HashSet<>();
    /** Since when each projection was seen free while this node's share kept it from claiming it. */
    private final Map<String, Long> refusedSince = new HashMap<>();
    private int liveNodes = 1;
    private long liveSince;
    private long handOverAfter;

    public ProjectionShares(Duration claimTimeout, Clock clock, Predicate<String> rebuilding, Release release) {
        this.claimTimeout = claimTimeout;
        this.clock = clock;
        this.rebuilding = rebuilding;
        this.release = release;
        this.liveSince = clock.millis();
    }

    /** The shared projections this node should run at most. */
    public synchronized int share() {
        return (ProjectionNames.SHARED.size() + liveNodes - 1) / liveNodes;
    }

    public synchronized int liveNodes() {
        return liveNodes;
    }

    public synchronized int held() {
        return held.size();
    }

    /** Whether the projection's free segment may be claimed by this node now. */
    synchronized boolean mayClaim(String projection) {
        if (held.contains(projection) || held.size() < share()) {
            refusedSince.remove(projection);
            return true;
        }
        long now = clock.millis();
        long since = refusedSince.computeIfAbsent(projection, key -> now);
        if (now - since < claimTimeout.toMillis()) {
            return false;
        }
        LOG.info("Projection {} has been free for {} ms and no other query node claimed it: this node claims it beyond "
                + "its share ({} of the {} shared projections with {} live query nodes) and hands none over for the "
                + "next {}", projection, now - since, share(), ProjectionNames.SHARED.size(), liveNodes,
                claimTimeout.multipliedBy(BACK_OFF_TIMEOUTS));
        refusedSince.remove(projection);
        handOverAfter = now + claimTimeout.toMillis() * BACK_OFF_TIMEOUTS;
        return true;
    }

    /** Counts a claim about to be made: false if the share is full, so two processors' claims cannot both pass. */
    synchronized boolean reserve(String projection) {
        if (!mayClaim(projection)) {
            return false;
        }
        held.add(projection);
        return true;
    }

    /** The projection's segment was claimed, whether or not its claim was counted before. */
    synchronized void claimed(String projection) {
        held.add(projection);
    }

    /** The projection's claim is gone, or its claim was not made: released, lost to another node, refused. */
    synchronized void gone(String projection) {
        held.remove(projection);
    }

    /** Another node holds the projection's segment. */
    synchronized void heldElsewhere(String projection) {
        refusedSince.remove(projection);
    }

    /**
     * The live query nodes counted again (this one among them); hands one projection over if this node holds more
     * than its share and the count has held for a claim timeout.
     */
    public void counted(int live) {
        String handed = handOverOne(live);
        if (handed != null) {
            release.release(handed, claimTimeout);
        }
    }

    private synchronized String handOverOne(int live) {
        long now = clock.millis();
        if (live != liveNodes) {
            liveNodes = live;
            liveSince = now;
        }
        if (held.size() <= share() || now - liveSince < claimTimeout.toMillis() || now < handOverAfter) {
            return null;
        }
        String handed = null;
        // The last held in the shared list, so every node hands over in the same order.
        for (String projection : ProjectionNames.SHARED) {
            if (held.contains(projection) && !rebuilding.test(projection)) {
                handed = projection;
            }
        }
        if (handed != null) {
            LOG.info("Handing projection {} to another query node: this node runs {} of the {} shared projections, "
                    + "its share with {} live query nodes is {}", handed, held.size(), ProjectionNames.SHARED.size(),
                    liveNodes, share());
            held.remove(handed);
        }
        return handed;
    }
}
