package io.aftermath.shared.infrastructure;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for a node's background work: rounds, sweeps, read-aheads, probes. All daemons, so that none keeps a
 * process alive whose stop was cut short (a stop that timed out waiting on a store gone, or threw), and the JVM
 * exits once the node's main work has.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Every thread named {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> daemon(task, name);
    }

    /** Threads named {@code name-1}, {@code name-2}, and so on, for pools whose threads must be told apart. */
    public static ThreadFactory numbered(String name) {
        AtomicInteger started = new AtomicInteger();
        return task -> daemon(task, name + "-" + started.incrementAndGet());
    }

    /** One thread named {@code name} running scheduled tasks in turn. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** Runs {@code task} on a thread of its own, named {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = daemon(task, name);
        thread.start();
        return thread;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
