package io.aftermath.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.infrastructure.NodeStop;

/**
 * The query nodes alive now: each records itself in {@value #COLLECTION} (its {@code node} name, {@code seenAt}, how
 * many shared projections it {@code held} and those its processors were {@code searching} for) every round, a fifth of the claim timeout, and reads the entries seen
 * within a claim timeout, so a node that died stops counting no later than its claims expire. A node's stop removes its entry, so the others take up its share at
 * their next round. {@link ProjectionShares} divides the shared projections by the count.
 */
public class QueryNodes implements SmartLifecycle, AutoCloseable {

    static final String COLLECTION = "query_nodes";
    private static final Logger LOG = LoggerFactory.getLogger(QueryNodes.class);
    private static final Duration SHORTEST_ROUND = Duration.ofMillis(200);
    /** Entries of nodes gone this long are deleted by whichever node counts; younger ones are only not counted. */
    private static final int FORGET_AFTER_TIMEOUTS = 60;

    private final MongoCollection<Document> nodes;
    private final String instance = UUID.randomUUID().toString();
    private final String nodeId;
    private final Duration liveFor;
    private final Clock clock;
    private final ProjectionShares shares;
    private final ScheduledExecutorService rounds = DaemonThreads.scheduler("aftermath-query-nodes");
    private final NodeStop stop;
    private final Duration round;
    private volatile boolean running;
    private boolean unreachable;

    public QueryNodes(MongoDatabase database, String nodeId, Duration claimTimeout, Clock clock,
                      ProjectionShares shares, NodeStop stop) {
        this.nodes = database.getCollection(COLLECTION);
        this.nodeId = nodeId;
        this.clock = clock;
        this.shares = shares;
        this.stop = stop;
        this.round = claimTimeout.dividedBy(5).compareTo(SHORTEST_ROUND) < 0 ? SHORTEST_ROUND
                : claimTimeout.dividedBy(5);
        this.liveFor = claimTimeout.compareTo(round.multipliedBy(3)) < 0 ? round.multipliedBy(3) : claimTimeout;
    }

    /**
     * The node records itself once it has started, last of all (its web server included): a start that fails, on a
     * port in use say, closes no context that would remove an entry, which the others would count for a claim timeout
     * and hand a projection to (tester 151).
     */
    @Override
    public void start() {
        rounds.scheduleWithFixedDelay(this::round, 0, round.toMillis(), TimeUnit.MILLISECONDS);
        stop.whenBegun(() -> rounds.execute(this::leave));
        running = true;
    }

    /** The entry goes as the stop begins ({@link NodeStop}), before the processors let their segments go. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void round() {
        if (stop.begun()) {
            return;
        }
        try {
            long now = clock.millis();
            nodes.replaceOne(Filters.eq("_id", instance), new Document("_id", instance).append("node", nodeId)
                    .append("seenAt", new Date(now)).append("held", shares.held())
                    .append("searching", List.copyOf(shares.searching())), new ReplaceOptions().upsert(true));
            List<ProjectionShares.Peer> others = new ArrayList<>();
            for (Document peer : nodes.find(Filters.and(Filters.ne("_id", instance),
                    Filters.gte("seenAt", new Date(now - liveFor.toMillis()))))) {
                others.add(peer(peer));
            }
            nodes.deleteMany(Filters.lt("seenAt", new Date(now - liveFor.toMillis() * FORGET_AFTER_TIMEOUTS)));
            reachable();
            shares.counted(instance, others);
        } catch (MongoException e) {
            // The processors report the outage too; the count stands as last read until the store answers.
            shares.uncounted();
            if (!unreachable) {
                unreachable = true;
                LOG.warn("Could not count the live query nodes: {}; the shares stay as last counted", e.toString());
            }
        } catch (RuntimeException e) {
            // A task that throws is never run again by its executor: the rounds must outlive any failure.
            Throwable outage = StoreOutageLogs.storeOutOfReach(e);
            if (outage == null) {
                LOG.warn("A round of counting the live query nodes failed; the next runs on time", e);
            } else {
                LOG.warn("A round of counting the live query nodes failed: {}; the next runs on time", outage.toString());
            }
        }
    }

    private static ProjectionShares.Peer peer(Document entry) {
        String id = String.valueOf(entry.get("_id"));
        int held = entry.get("held") instanceof Number number ? number.intValue() : 0;
        if (entry.get("searching") instanceof List<?> searching) {
            return new ProjectionShares.Peer(id, held, searching.stream().map(String::valueOf).collect(Collectors.toSet()));
        }
        return new ProjectionShares.Peer(id, held);
    }

    private void reachable() {
        if (unreachable) {
            unreachable = false;
            LOG.info("Counting the live query nodes again");
        }
    }

    private void leave() {
        try {
            nodes.deleteOne(Filters.eq("_id", instance));
        } catch (MongoException e) {
            LOG.debug("This node's entry in {} could not be removed; it expires: {}", COLLECTION, e.toString());
        }
    }

    @Override
    public void close() {
        rounds.shutdownNow();
    }
}
