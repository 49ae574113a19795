package io.aftermath.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many of the shared projections this query node runs, so that processing and rebuilds spread over the live query
 * nodes ({@link QueryNodes}) instead of staying on whichever started first. Divided among them, each node's share is
 * the quotient rounded down or, once no other node holds less than that, rounded up (four among three: 2, 1, 1). A
 * processor claims its segment only within the node's share. A node over it hands one projection over per count,
 * once the number of live nodes has held for a claim timeout: a node over the share rounded up (it ran alone until
 * another joined), or the most loaded node over the share rounded down while another node holds less than that (two
 * nodes ran two each when a third joined).
 * <p>
 * Nothing is left unprocessed for it: a segment that stays free for a claim timeout while this node is refused it
 * (the node it was handed to never took it: an earlier version, or one that cannot claim) is claimed anyway, and no
 * projection is handed over again for {@value #BACK_OFF_TIMEOUTS} claim timeouts after that. A projection being
 * rebuilt is not handed over: its replay runs on this node.
 * <p>
 * A projection is handed over only while another node with room searches for its segment: its processor asked the
 * store for free segments within {@link #SEARCHING_WITHIN}. A processor whose store calls failed waits before its next
 * search, up to a minute (Axon's launcher), and one handed a projection meanwhile would leave it free until the safety
 * net above took it back.
 */
public class ProjectionShares {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionShares.class);
    static final int BACK_OFF_TIMEOUTS = 6;
    private static final int SHARED = ProjectionNames.SHARED.size();
    /** Three of the searches a processor without its segment makes, one per token claim interval. */
    static final Duration SEARCHING_WITHIN = ProcessorConfiguration.TOKEN_CLAIM_INTERVAL.multipliedBy(3);

    /** Hands a projection's segment over: its processor lets the claim go and stays off it for the duration. */
    @FunctionalInterface
    public interface Release {
        void release(String projection, Duration duration);
    }

    /**
     * Another live query node, by the id it drew, how many shared projections it said it holds, and those its
     * processors searched for lately.
     */
    public record Peer(String id, int held, Set<String> searching) {

        public Peer {
            searching = Set.copyOf(searching);
        }

        /** A node of an earlier version, which does not say what it searches for: taken as searching for all. */
        public Peer(String id, int held) {
            this(id, held, Set.copyOf(ProjectionNames.SHARED));
        }
    }

    private final Duration claimTimeout;
    private final Clock clock;
    private final Predicate<String> rebuilding;
    private final Release release;
    /** The projections this node holds or is claiming. */
    private final Set<String> held = new HashSet<>();
    /** Since when each projection was seen free while this node's share kept it from claiming it. */
    private final Map<String, Long> refusedSince = new HashMap<>();
    private final Map<String, Long> searchedAt = new HashMap<>();
    private List<Peer> peers = List.of();
    private long liveSince;
    private long handOverAfter;
    private boolean waitingForSearch;

    public ProjectionShares(Duration claimTimeout, Clock clock, Predicate<String> rebuilding, Release release) {
        this.claimTimeout = claimTimeout;
        this.clock = clock;
        this.rebuilding = rebuilding;
        this.release = release;
        this.liveSince = clock.millis();
    }

    /** {@code aftermath.query.nodes} and {@code aftermath.projections.running}, for dashboards to show the division. */
    public void measure(MeterRegistry meters) {
        Gauge.builder("aftermath.query.nodes", this, ProjectionShares::liveNodes)
                .description("Live query nodes as this node counts them, itself included").register(meters);
        Gauge.builder("aftermath.projections.running", this, ProjectionShares::held)
                .description("Shared projections this node runs").register(meters);
    }

    /** The shared projections this node may run at most: the quotient rounded up. */
    public synchronized int share() {
        return (SHARED + liveNodes() - 1) / liveNodes();
    }

    public synchronized int liveNodes() {
        return peers.size() + 1;
    }

    public synchronized int held() {
        return held.size();
    }

    private int roundedDown() {
        return SHARED / liveNodes();
    }

    private boolean anotherBelowRoundedDown() {
        return peers.stream().anyMatch(peer -> peer.held() < roundedDown());
    }

    /**
     * Whether the projection's free segment may be claimed by this node now: within its share, or past it once the
     * segment has been seen free for a claim timeout. Asked of every search, then again by the claim ({@link #reserve}),
     * so the wait is forgotten only when the claim is counted or the segment is seen held elsewhere.
     */
    synchronized boolean mayClaim(String projection) {
        if (withinShare(projection)) {
            refusedSince.remove(projection);
            return true;
        }
        long now = clock.millis();
        return now - refusedSince.computeIfAbsent(projection, key -> now) >= claimTimeout.toMillis();
    }

    private boolean withinShare(String projection) {
        return held.contains(projection) || roomForOneMore(held.size(), anotherBelowRoundedDown());
    }

    /**
     * Whether a node running {@code running} may claim one more: below the quotient rounded down, or below it rounded
     * up while no other node runs less than rounded down. The same rule on every node.
     */
    private boolean roomForOneMore(int running, boolean anotherBelowRoundedDown) {
        return running < roundedDown() || running < share() && !anotherBelowRoundedDown;
    }

    /** Counts a claim about to be made: false if the share is full, so two processors' claims cannot both pass. */
    synchronized boolean reserve(String projection) {
        if (!mayClaim(projection)) {
            return false;
        }
        if (!withinShare(projection)) {
            long now = clock.millis();
            LOG.info("Projection {} has been free for {} ms and no other query node claimed it: this node claims it "
                    + "beyond its share ({} of the {} shared projections with {} live query nodes) and hands none over "
                    + "for the next {}", projection, now - refusedSince.get(projection), share(), SHARED, liveNodes(),
                    claimTimeout.multipliedBy(BACK_OFF_TIMEOUTS));
            handOverAfter = now + claimTimeout.toMillis() * BACK_OFF_TIMEOUTS;
        }
        refusedSince.remove(projection);
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

    /** This node's processor for the projection searched the store for free segments, and the store answered. */
    synchronized void searched(String projection) {
        searchedAt.put(projection, clock.millis());
    }

    /** The shared projections whose processors on this node searched within {@link #SEARCHING_WITHIN}. */
    public synchronized Set<String> searching() {
        long since = clock.millis() - SEARCHING_WITHIN.toMillis();
        Set<String> searching = new TreeSet<>();
        searchedAt.forEach((projection, at) -> {
            if (at >= since && ProjectionNames.SHARED.contains(projection)) {
                searching.add(projection);
            }
        });
        return searching;
    }

    /** Another node holds the projection's segment. */
    synchronized void heldElsewhere(String projection) {
        refusedSince.remove(projection);
    }

    /**
     * The other live query nodes counted again; hands one projection over if this node holds more than its share and
     * the number of live nodes has held for a claim timeout.
     *
     * @param self this node's id, which orders it among equally loaded nodes
     */
    public void counted(String self, List<Peer> others) {
        String handed = handOverOne(self, others);
        if (handed != null) {
            release.release(handed, claimTimeout);
        }
    }

    /**
     * The live nodes could not be counted (the store is out of reach): the wait before a hand-over starts again, since
     * the other nodes' processors come back from such an outage only at Axon's next try, up to a minute later, and a
     * projection handed over meanwhile would lie unprocessed until it is claimed anyway.
     */
    public synchronized void uncounted() {
        liveSince = clock.millis();
    }

    private synchronized String handOverOne(String self, List<Peer> others) {
        long now = clock.millis();
        if (others.size() != peers.size()) {
            liveSince = now;
        }
        peers = List.copyOf(others);
        if (now - liveSince < claimTimeout.toMillis() || now < handOverAfter) {
            return null;
        }
        if (!overShare(self)) {
            waitingForSearch = false;
            return null;
        }
        List<String> handable = ProjectionNames.SHARED.stream()
                .filter(projection -> held.contains(projection) && !rebuilding.test(projection)).toList();
        // The last another node searches for, in the shared list's order, so every node hands over in the same order.
        String handed = handable.stream().filter(this::takerSearches).reduce((first, second) -> second).orElse(null);
        if (handed == null) {
            if (!handable.isEmpty() && !waitingForSearch) {
                LOG.info("This node runs {} of the {} shared projections, over its share with {} live query nodes, "
                        + "but no node with room searches for {} (its processors wait to retry the store): nothing "
                        + "is handed over until one does", held.size(), SHARED, liveNodes(), handable);
            }
            waitingForSearch = !handable.isEmpty();
            return null;
        }
        waitingForSearch = false;
        LOG.info("Handing projection {} to another query node: this node runs {} of the {} shared projections, "
                + "its share with {} live query nodes is {}", handed, held.size(), SHARED, liveNodes(),
                roundedDown() == share() ? share() : roundedDown() + " or " + share());
        held.remove(handed);
        return handed;
    }

    private boolean takerSearches(String projection) {
        return peers.stream().anyMatch(peer -> peer.searching().contains(projection) && mayTake(peer));
    }

    /** Whether the peer's own share lets it claim one more, as it decides on that node. */
    private boolean mayTake(Peer taker) {
        return roomForOneMore(taker.held(),
                peers.stream().anyMatch(peer -> peer != taker && peer.held() < roundedDown()));
    }

    private boolean overShare(String self) {
        int mine = held.size();
        if (mine > share()) {
            return true;
        }
        // Of the nodes over the quotient rounded down, only the most loaded (the first by id among equals) hands over.
        return mine > roundedDown() && anotherBelowRoundedDown() && peers.stream().allMatch(peer ->
                peer.held() < mine || peer.held() == mine && self.compareTo(peer.id()) < 0);
    }
}
