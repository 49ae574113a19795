package io.aftermath.query.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.aftermath.shared.node.SettingRange;

/**
 * Whether a read model has fallen behind the log: it has yet to process an event this node's own reader of the log
 * read more than {@code aftermath.query.stale-after} ago. A read that names a position learns it is stale when its
 * wait times out; this tells the reads that name none. The projection a node died holding stands still for a claim
 * timeout while writes go on, and the other nodes' triage streams froze for those 10 s with snapshots opened
 * meanwhile saying nothing (tester 155).
 * <p>
 * The reader's position is what this node knows of the log's head without asking the store, dated by the live loop
 * when it first sees it: a head read from the store would cost a call per read, or go as stale as this between two.
 */
@Component
public class LogLag {

    private static final Logger LOG = LoggerFactory.getLogger(LogLag.class);

    /** Positions the reader reached within the last stale-after, with when each was first seen, oldest first. */
    private final Deque<long[]> seen = new ArrayDeque<>();
    private final Duration staleAfter;
    private final LongSupplier nanoTime;
    /** Every event below it was read more than stale-after ago. */
    private volatile long settled;
    private final Set<String> behindNow = ConcurrentHashMap.newKeySet();

    @Autowired
    public LogLag(QueryProperties properties) {
        this(properties.staleAfter(), System::nanoTime);
    }

    public LogLag(Duration staleAfter, LongSupplier nanoTime) {
        this.staleAfter = staleAfter;
        this.nanoTime = nanoTime;
    }

    /** The live loop's look at how far this node's reader of the log has got. */
    public synchronized void observe(long readerPosition) {
        long now = nanoTime.getAsLong();
        if (readerPosition > settled && (seen.isEmpty() || readerPosition > seen.peekLast()[1])) {
            seen.addLast(new long[] {now, readerPosition});
        }
        long cut = now - staleAfter.toNanos();
        while (!seen.isEmpty() && seen.peekFirst()[0] - cut <= 0) {
            settled = seen.pollFirst()[1];
        }
    }

    /** Whether a read model that has processed every event below {@code served} has fallen behind. */
    public boolean behind(long served) {
        return served < settled;
    }

    /**
     * Logs when a projection falls behind and when it catches up again: the node's reads and streams say so, but
     * its log said nothing, and operators had only the lag metric to go on (tester 159).
     */
    public void judge(String projection, long served) {
        long head = settled;
        if (served < head) {
            if (behindNow.add(projection)) {
                LOG.warn("Projection {} has fallen behind the log: it has yet to process events this node read more "
                        + "than {} ago (it has processed every event below {}, the node read up to {}); its reads "
                        + "and streams say stale until it catches up", projection, SettingRange.print(staleAfter),
                        served, head);
            }
        } else if (behindNow.remove(projection)) {
            LOG.info("Projection {} has caught up with the log: its reads and streams are current again", projection);
        }
    }
}
