package io.aftermath.query.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.ledger.LedgerObstacle;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aftermath.projection.lag{processor}} (events between the log's head and the processor) and
 * {@code aftermath.projection.rebuild.progress{processor}} (0..1, 1 when no rebuild runs) and
 * {@code aftermath.projection.missing.commit.position{processor}} (the position of the missing commit
 * the processor waits at, as health's {@code missingCommitAt}; -1 while none is missing, since 0 is a
 * position a commit can go missing at) and {@code aftermath.projection.malformed.commit.position{processor}}
 * (likewise, for a commit it cannot read as the ledger writes it). The log is read once a second on a thread of its own, never
 * by a scrape: with the store out of sight a read waits out the driver's server selection (30 s), and
 * a scrape that waited on it, once per gauge, took minutes, so the node looked dead to Prometheus while
 * it was only cut off. Reading starts with the context's lifecycle, not in the constructor: a processor's
 * progress comes from Axon's beans, which a thread of ours must not ask for while the context creates them.
 */
@Component
public class ProjectionMetrics implements SmartLifecycle {

    static final long NONE_MISSING = -1;

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final AtomicLong head = new AtomicLong();
    private final Map<String, AtomicLong> missingCommitAt = new HashMap<>();
    private final Map<String, AtomicLong> malformedCommitAt = new HashMap<>();
    private final Runnable read;
    private final ScheduledExecutorService reader = DaemonThreads.scheduler("aftermath-projection-metrics");
    private volatile boolean running;

    @Autowired
    public ProjectionMetrics(ObjectProvider<MeterRegistry> registry, ProjectionProgress progress,
                             ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine, ReaderObstacles obstacles) {
        this(registry.getIfAvailable(), progress, rebuilds, engine::head, obstacles);
    }

    ProjectionMetrics(MeterRegistry meters, ProjectionProgress progress, ProjectionRebuilds rebuilds,
                      LongSupplier logHead, ReaderObstacles obstacles) {
        read = () -> readLog(logHead, obstacles, progress);
        if (meters == null) {
            return;
        }
        for (String name : ProjectionNames.ALL) {
            AtomicLong missing = new AtomicLong(NONE_MISSING);
            missingCommitAt.put(name, missing);
            AtomicLong malformed = new AtomicLong(NONE_MISSING);
            malformedCommitAt.put(name, malformed);
            Gauge.builder("aftermath.projection.lag", () -> Math.max(0, head.get() - progress.processed(name)))
                    .tag("processor", name).description("Events in the log the processor has not processed yet")
                    .register(meters);
            Gauge.builder("aftermath.projection.rebuild.progress", () -> rebuilds.progressOf(name))
                    .tag("processor", name).description("How far a running rebuild has got (1 when none runs)")
                    .register(meters);
            Gauge.builder("aftermath.projection.missing.commit.position", missing::get)
                    .tag("processor", name)
                    .description("Position of the missing commit the processor waits at (-1 while none is missing)")
                    .register(meters);
            Gauge.builder("aftermath.projection.malformed.commit.position", malformed::get)
                    .tag("processor", name)
                    .description("Position of the commit out of the ledger's shape the processor waits at (-1 while none)")
                    .register(meters);
        }
    }

    @Override
    public void start() {
        if (!missingCommitAt.isEmpty()) {
            reader.scheduleWithFixedDelay(read, 0, 1, TimeUnit.SECONDS);
        }
        running = true;
    }

    private void readLog(LongSupplier logHead, ReaderObstacles obstacles, ProjectionProgress progress) {
        try {
            long known = head.accumulateAndGet(logHead.getAsLong(), Math::max);
            for (String name : ProjectionNames.ALL) {
                Optional<LedgerObstacle> obstacle = obstacles.holding(name, progress.processed(name), known);
                missingCommitAt.get(name).set(
                        LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MISSING).orElse(NONE_MISSING));
                malformedCommitAt.get(name).set(
                        LedgerObstacle.positionOf(obstacle, LedgerObstacle.Kind.MALFORMED).orElse(NONE_MISSING));
            }
        } catch (RuntimeException unreadable) {
            // The health indicator reports the store; the gauges keep their last values until the log answers.
            LOG.debug("Log unreadable for the projection gauges", unreadable);
        }
    }

    @Override
    public void stop() {
        reader.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
