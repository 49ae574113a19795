package io.aftermath.query.live;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one thread per node that looks at projection progress, applies the log tail's events to the
 * triage index and pushes stream updates. One thread keeps every stream's snapshot and updates in
 * order without locks; its MongoDB reads never touch the web server's event loop.
 */
@Component
public class LiveExecutor implements Executor, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LiveExecutor.class);

    private volatile Thread liveThread;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread live = new Thread(runnable, "aftermath-live");
        live.setDaemon(true);
        liveThread = live;
        return live;
    });
    /** How many reads of the store the live thread is inside; guarded by this. */
    private int storeReads;

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

    /**
     * Runs a read of the store on the live thread, one {@link #storeLost()} may cut short. A read in flight when
     * the store goes (its connection closed under it) is retried by the driver, and the retry waits out the
     * server selection (30 s) for a store that is gone while every stream's snapshot, update and heartbeat
     * queues behind it: a stream opened just then waited that long for its first event.
     */
    void readingStore(Runnable read) {
        readingStore(() -> {
            read.run();
            return null;
        });
    }

    <T> T readingStore(Supplier<T> read) {
        synchronized (this) {
            storeReads++;
        }
        try {
            return read.get();
        } finally {
            synchronized (this) {
                if (--storeReads == 0) {
                    // Spent or not, an interrupt meant for a read must not reach what the thread does next.
                    Thread.interrupted();
                }
            }
        }
    }

    /**
     * The store went out of sight: interrupts the read the live thread is in, if any, so the driver's waits for
     * a server end (a read blocked on a hanging store's socket ends only at its read timeout).
     */
    synchronized void storeLost() {
        if (storeReads > 0) {
            liveThread.interrupt();
        }
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
