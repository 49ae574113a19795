package io.aftermath.query.admin;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The node's turns at replaying a batch for a rebuild. A replay runs flat out: several at once (an upgrade rebuilds
 * every projection whose format changed) took every core from the live processors, which reads wait for. With
 * {@code aftermath.query.rebuild.threads} turns, the replays beyond take turns batch by batch, first come first
 * served, so every rebuild moves and together they use that many cores at most.
 */
@Component
public class ReplayTurns implements MeterBinder {

    private final Semaphore turns;

    @Autowired
    public ReplayTurns(QueryProperties properties) {
        this(properties.rebuild().threads());
    }

    ReplayTurns(int threads) {
        this.turns = new Semaphore(threads, true);
    }

    /** Replays one batch in the node's next free turn. */
    public <T> T take(Callable<T> batch) throws Exception {
        turns.acquire();
        try {
            return batch.call();
        } finally {
            turns.release();
        }
    }

    /** Replays waiting for a turn now. */
    public int waiting() {
        return turns.getQueueLength();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("aftermath.projection.rebuild.waiting", this::waiting)
                .description("Rebuilds' replays on this node waiting for a turn (aftermath.query.rebuild.threads)")
                .register(registry);
    }
}
