package io.aftermath.query.admin;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aftermath.projection.lag{processor}} (events between the log's head and the processor) and
 * {@code aftermath.projection.rebuild.progress{processor}} (0..1, 1 when no rebuild runs). The head is
 * read from the log at most once a second, however often the gauges are scraped.
 */
@Component
public class ProjectionMetrics {

    private final MongoLedgerStorageEngine engine;
    private final AtomicLong head = new AtomicLong();
    private volatile long headReadAt;

    public ProjectionMetrics(ObjectProvider<MeterRegistry> registry, ProjectionProgress progress,
                             ProjectionRebuilds rebuilds, MongoLedgerStorageEngine engine) {
        this.engine = engine;
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return;
        }
        for (String name : ProjectionNames.ALL) {
            Gauge.builder("aftermath.projection.lag", () -> Math.max(0, head() - progress.processed(name)))
                    .tag("processor", name).description("Events in the log the processor has not processed yet")
                    .register(meters);
            Gauge.builder("aftermath.projection.rebuild.progress", () -> rebuilds.progressOf(name))
                    .tag("processor", name).description("How far a running rebuild has got (1 when none runs)")
                    .register(meters);
        }
    }

    private long head() {
        long now = System.currentTimeMillis();
        if (now - headReadAt > 1000) {
            head.set(engine.head());
            headReadAt = now;
        }
        return head.get();
    }
}
