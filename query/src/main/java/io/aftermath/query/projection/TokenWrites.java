package io.aftermath.query.projection;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * The thread that writes the MongoDB projections' waiting tokens when their interval is up (see
 * {@link ProjectionTokenStore}). One for the node: a write is one small update, a few per interval.
 */
@Component
class TokenWrites implements ProjectionTokenStore.Scheduler, DisposableBean {

    private final ScheduledExecutorService thread = DaemonThreads.scheduler("aftermath-token-writes");

    @Override
    public void schedule(Runnable task, Duration delay) {
        thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
