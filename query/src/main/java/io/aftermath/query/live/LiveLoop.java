package io.aftermath.query.live;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.admin.ProjectionRebuilds;
import io.aftermath.query.progress.Freshness;
import io.aftermath.query.progress.LogLag;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreErrors;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.problem.Problems;

/**
 * Every {@code aftermath.query.live.tick}, on the live thread: read projection progress, drive
 * rebuilds, bring the triage index up to what the projection has processed, push the
 * stream updates that became due, tell streams when their read model starts or stops being rebuilt,
 * date how far this node has read the log and judge each projection against it ({@link LogLag}), and wake
 * reads waiting for a position. Heartbeats go out on their own period.
 */
@Component
public class LiveLoop implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LiveLoop.class);

    private final LiveExecutor live;
    private final ProjectionProgress progress;
    private final ProjectionRebuilds rebuilds;
    private final TriageIndex triage;
    private final LogTail tail;
    private final TriageStreams triageStreams;
    private final TimelineStreams timelineStreams;
    private final Freshness freshness;
    private final QueryProperties properties;
    private final StoreSight store;
    private final CuttableReads reads;
    private final LogLag lag;
    private volatile boolean running;

    public LiveLoop(LiveExecutor live, ProjectionProgress progress, ProjectionRebuilds rebuilds, TriageIndex triage,
                    LogTail tail, TriageStreams triageStreams, TimelineStreams timelineStreams, Freshness freshness,
                    QueryProperties properties, StoreSight store, CuttableReads reads, LogLag lag) {
        this.live = live;
        this.progress = progress;
        this.rebuilds = rebuilds;
        this.triage = triage;
        this.tail = tail;
        this.triageStreams = triageStreams;
        this.timelineStreams = timelineStreams;
        this.freshness = freshness;
        this.properties = properties;
        this.store = store;
        this.reads = reads;
        this.lag = lag;
    }

    @Override
    public void start() {
        running = true;
        live.every(Math.max(1, properties.live().tick().toMillis()), this::tick);
        live.every(Math.max(1, properties.stream().heartbeat().toMillis()), this::heartbeat);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    void tick() {
        if (!running) {
            return;
        }
        try {
            // With the store out of sight each read below would wait out the driver's server selection (30 s),
            // holding every stream's subscription queued behind it: triage, served from memory, goes on.
            if (store.inSight()) {
                reads.run(this::followLog);
            }
            triageStreams.deadlinesPassed();
        } catch (RuntimeException e) {
            if (!running || StoreErrors.closedClient(e)) {
                // The node's stop ended the tick: it closed the store's client under an outage, or stopped the loop.
                LOG.debug("Live loop tick ended by the node's stop: {}", e.toString());
            } else if (Problems.storeOutOfReach(e)) {
                // The store went while the tick read it: health and its alert say so, a stack would add nothing.
                LOG.warn("Live loop tick failed, the store being out of reach: {}", e.toString());
            } else {
                LOG.warn("Live loop tick failed: {}", e.toString(), e);
            }
        } finally {
            freshness.signal();
        }
    }

    private void followLog() {
        progress.refresh();
        rebuilds.advance();
        // Before the updates below: a client told the rebuild is over takes what follows as the rebuilt model.
        triageStreams.rebuilding(progress.rebuilding(ProjectionNames.TRIAGE));
        timelineStreams.rebuilding(progress.rebuilding(ProjectionNames.TIMELINES));
        long tailPosition = tail.position();
        lag.observe(tailPosition);
        Map<String, Long> served = new HashMap<>();
        for (String projection : ProjectionNames.ALL) {
            served.put(projection, progress.served(projection));
            lag.judge(projection, served.get(projection));
        }
        triageStreams.changed(triage.tick(served.get(ProjectionNames.TRIAGE), tailPosition));
        timelineStreams.tick(Math.min(served.get(ProjectionNames.TIMELINES), tailPosition));
    }

    private void heartbeat() {
        triageStreams.heartbeat();
        timelineStreams.heartbeat();
    }
}
