package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;

/**
 * A task run every {@code interval} on a daemon thread of its own, the first run one interval after the
 * start. A failed run is logged and the next one runs on time: the schedule never stops by itself.
 */
public final class PeriodicTask implements AutoCloseable {

    public interface Task {
        void run() throws Exception;
    }

    private final ScheduledExecutorService scheduler;

    private PeriodicTask(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** {@code failure} is the warning logged, with its cause, when a run fails. */
    public static PeriodicTask every(Duration interval, String threadName, Task task, Logger log, String failure) {
        ScheduledExecutorService scheduler = DaemonThreads.scheduler(threadName);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Exception e) {
                log.warn(failure, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new PeriodicTask(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
