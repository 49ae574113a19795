package io.aftermath.shared.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * A Reactor scheduler on a fixed pool of daemon threads whose queue is bounded for the whole pool: the task
 * past {@code threads} running and {@code queue} waiting is refused with a {@code RejectedExecutionException}.
 * {@code Schedulers.newBoundedElastic} bounds its queue per thread instead, so with 32 threads a queue of
 * 1,000 let 32,000 tasks wait before any was refused.
 */
public final class BoundedScheduler {

    private final ThreadPoolExecutor executor;
    private final Scheduler scheduler;

    private BoundedScheduler(ThreadPoolExecutor executor, String name) {
        this.executor = executor;
        this.scheduler = Schedulers.fromExecutorService(executor, name);
    }

    public static BoundedScheduler of(String name, int threads, int queue) {
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, waiting,
                DaemonThreads.numbered(name), new ThreadPoolExecutor.AbortPolicy());
        return new BoundedScheduler(executor, name);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Tasks running now (approximate, as the executor counts them). */
    public int running() {
        return executor.getActiveCount();
    }

    public int waiting() {
        return executor.getQueue().size();
    }
}
