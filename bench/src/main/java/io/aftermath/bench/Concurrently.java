package io.aftermath.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs {@code total} operations split over {@code threads} and answers operations per second. */
final class Concurrently {

    /** Makes one operation's input; runs before the clock starts. */
    @FunctionalInterface
    interface Input<T> {
        T make(int thread, int index) throws Exception;
    }

    @FunctionalInterface
    interface Step<T> {
        void run(T input) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Times only the steps: every thread makes all of its inputs first, so what is compared between
     * stores is what each does with a ready event or document, not how the benchmark builds them.
     */
    static <T> double opsPerSecond(int threads, int total, Input<T> input, Step<T> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            int perThread = total / threads;
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<T> inputs = new ArrayList<>(perThread);
                    try {
                        for (int i = 0; i < perThread; i++) {
                            inputs.add(input.make(thread, i));
                        }
                    } finally {
                        ready.countDown();
                    }
                    start.await();
                    for (T each : inputs) {
                        step.run(each);
                    }
                    return null;
                }));
            }
            ready.await();
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            return perThread * threads / ((System.nanoTime() - began) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
