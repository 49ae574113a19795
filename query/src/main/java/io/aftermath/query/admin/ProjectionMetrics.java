package io.aftermath.query.admin;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;

/**
 * {@code aftermath.projection.lag{processor}} (events between the log's head and the processor) and
 * {@code aftermath.projection.rebuild.progress{processor}} (0..1, 1 when no rebuild runs). The head is
 * read from the log once a second on a thread of its own, never by a scrape: with the store out of
 * sight a read waits out the driver's server selection (30 s), and a scrape that waited on it, once
 * per gauge, took minutes, so the node looked dead to Prometheus while it was only cut off.
 */
@Component
public class ProjectionMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final AtomicLong head = new AtomicLong();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "aftermath-projection-metrics");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    public ProjectionMetrics(ObjectProvider<MeterRegistry> registry, ProjectionProgress progress,
                             ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine) {
        this(registry.getIfAvailable(), progress, rebuilds, engine::head);
    }

    ProjectionMetrics(MeterRegistry meters, ProjectionProgress progress, ProjectionRebuilds rebuilds,
                      LongSupplier logHead) {
        if (meters == null) {
            return;
        }
        reader.scheduleWithFixedDelay(() -> readHead(logHead), 0, 1, TimeUnit.SECONDS);
        for (String name : ProjectionNames.ALL) {
            Gauge.builder("aftermath.projection.lag", () -> Math.max(0, head.get() - progress.processed(name)))
                    .tag("processor", name).description("Events in the log the processor has not processed yet")
                    .register(meters);
            Gauge.builder("aftermath.projection.rebuild.progress", () -> rebuilds.progressOf(name))
                    .tag("processor", name).description("How far a running rebuild has got (1 when none runs)")
                    .register(meters);
        }
    }

    private void readHead(LongSupplier logHead) {
        try {
            head.accumulateAndGet(logHead.getAsLong(), Math::max);
        } catch (RuntimeException unreadable) {
            // The health indicator reports the store; the lag keeps its last value until the log answers.
            LOG.debug("Log head unreadable for the lag gauges", unreadable);
        }
    }

    @PreDestroy
    void stop() {
        reader.shutdownNow();
    }
}
