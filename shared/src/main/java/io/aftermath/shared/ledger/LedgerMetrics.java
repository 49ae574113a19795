package io.aftermath.shared.ledger;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The ledger's meters, built once per engine: an append only records into meters held here, with no
 * tag, builder or lookup of its own. An engine built without a registry gets an empty composite one,
 * which records nothing (the benchmarks' and most tests' engines).
 */
final class LedgerMetrics {

    static final String APPEND = "aftermath.ledger.append";
    static final String BATCH_COMMITS = "aftermath.ledger.batch.commits";
    static final String BATCH_EVENTS = "aftermath.ledger.batch.events";
    static final String EVENTS_APPENDED = "aftermath.ledger.events.appended";
    static final String HEAD = "aftermath.ledger.head";

    /** Powers of two up to twice the most commits a batch holds ({@link LedgerSettings#maxBatchCommits}). */
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final MeterRegistry registry;
    private final Timer success;
    private final Timer conflict;
    private final Timer error;
    private final DistributionSummary batchCommits;
    private final DistributionSummary batchEvents;
    private final Counter eventsAppended;

    LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.success = appendTimer(registry, "success");
        this.conflict = appendTimer(registry, "conflict");
        this.error = appendTimer(registry, "error");
        this.batchCommits = DistributionSummary.builder(BATCH_COMMITS)
                .description("Callers' commits written by one group commit (one insertMany and its durability barrier)")
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry);
        this.batchEvents = DistributionSummary.builder(BATCH_EVENTS)
                .description("Events written by one group commit")
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry);
        this.eventsAppended = Counter.builder(EVENTS_APPENDED)
                .description("Events this node appended to the ledger, durable and acknowledged")
                .register(registry);
    }

    private static Timer appendTimer(MeterRegistry registry, String outcome) {
        return Timer.builder(APPEND)
                .description("One caller's commit, from the engine taking its events to their acknowledgement "
                        + "(encoding, waiting for the group commit, the write and the durability barrier)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The head as {@code head} reads it from {@code owner}; held weakly, so it keeps nothing alive. */
    <T> void head(T owner, ToDoubleFunction<T> head) {
        Gauge.builder(HEAD, owner, head)
                .description("The first free position of the log as far as this node knows: every event before it "
                        + "is stored (its own appends, and the head it last read from the store)")
                .register(registry);
    }

    void appended(long startedNanos) {
        success.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void failed(long startedNanos, RuntimeException why) {
        Timer timer = why instanceof ConcurrencyException || why instanceof AggregateStreamCreationException
                ? conflict : error;
        timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** A group commit made these commits durable; voids are no commits and are not counted. */
    void written(int commits, int events) {
        if (commits == 0) {
            return;
        }
        batchCommits.record(commits);
        batchEvents.record(events);
        eventsAppended.increment(events);
    }
}
