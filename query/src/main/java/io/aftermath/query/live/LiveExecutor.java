package io.aftermath.query.live;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * The one thread per node that looks at projection progress, applies the log tail's events to the
 * triage index and pushes stream updates. One thread keeps every stream's snapshot and updates in
 * order without locks; its MongoDB reads never touch the web server's event loop.
 */
@Component
public class LiveExecutor implements Executor, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LiveExecutor.class);

    private final ScheduledExecutorService thread = DaemonThreads.scheduler("aftermath-live");

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    void every(long millis, Runnable task) {
        thread.scheduleWithFixedDelay(() -> survive(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * A scheduled task that throws is never run again, without a word: an OutOfMemoryError in one tick froze
     * every stream and every {@code after} read of the node for good while heartbeats went on (tester 41).
     */
    private static void survive(Runnable task) {
        try {
            task.run();
        } catch (Throwable failure) {
            LOG.error("A live task failed; it runs again at its next turn", failure);
        }
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
