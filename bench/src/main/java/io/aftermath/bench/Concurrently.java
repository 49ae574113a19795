package io.aftermath.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** Runs {@code total} operations split over {@code threads} and answers their rate and CPU. */
final class Concurrently {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Makes one operation's input; runs before the clock starts. */
    @FunctionalInterface
    interface Input<T> {
        T make(int thread, int index) throws Exception;
    }

    @FunctionalInterface
    interface Step<T> {
        void run(T input) throws Exception;
    }

    /**
     * Operations per second, and per operation: the CPU of the calling threads, the CPU of the rest of
     * the process (the embedded server's threads, the driver's, garbage collection, the JIT) and the
     * bytes the calling threads allocated. On two cores shared by client and server, a store that is
     * slower at the same CPU per operation waits more; one that spends more CPU shows where. The
     * kernel's share of the whole process's CPU ({@code NaN} where Linux's {@code /proc} is absent)
     * tells round trips and wake-ups from the work done between them.
     */
    record Run(double opsPerSecond, double callerMicros, double restMicros, double callerKilobytes,
               long collections, long collectionMillis, double kernelShare) {

        /** Cores the whole process kept busy while the operations ran. */
        double coresBusy() {
            return opsPerSecond * (callerMicros + restMicros) / 1e6;
        }

        /** Every figure's median over these runs, each taken on its own. */
        static Run medianOf(List<Run> runs) {
            return new Run(median(runs, Run::opsPerSecond), median(runs, Run::callerMicros),
                    median(runs, Run::restMicros), median(runs, Run::callerKilobytes),
                    Math.round(median(runs, Run::collections)), Math.round(median(runs, Run::collectionMillis)),
                    median(runs, Run::kernelShare));
        }

        private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
            return Medians.of(runs.stream().map(figure::applyAsDouble).toList());
        }
    }

    private Concurrently() {
    }

    /** Collections so far and their milliseconds, over every collector. */
    private static long[] collected() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    static <T> double opsPerSecond(int threads, int total, Input<T> input, Step<T> step) throws Exception {
        return run(threads, total, input, step).opsPerSecond();
    }

    /**
     * Times only the steps: every thread makes all of its inputs first, so what is compared between
     * stores is what each does with a ready event or document, not how the benchmark builds them.
     */
    static <T> Run run(int threads, int total, Input<T> input, Step<T> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong callerNanos = new AtomicLong();
            AtomicLong callerBytes = new AtomicLong();
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
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    long bytes = THREADS.getCurrentThreadAllocatedBytes();
                    for (T each : inputs) {
                        step.run(each);
                    }
                    callerNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                    callerBytes.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - bytes);
                    return null;
                }));
            }
            ready.await();
            long[] collectedBefore = collected();
            long processCpu = PROCESS.getProcessCpuTime();
            ProcessTicks ticksBefore = ProcessTicks.now();
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            long elapsed = System.nanoTime() - began;
            double ops = (double) perThread * threads;
            double restNanos = PROCESS.getProcessCpuTime() - processCpu - callerNanos.get();
            double kernelShare = ProcessTicks.kernelShare(ticksBefore, ProcessTicks.now());
            long[] collectedAfter = collected();
            return new Run(ops / (elapsed / 1e9), callerNanos.get() / ops / 1e3, restNanos / ops / 1e3,
                    callerBytes.get() / ops / 1024, collectedAfter[0] - collectedBefore[0],
                    collectedAfter[1] - collectedBefore[1], kernelShare);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The process's CPU clock ticks in user and kernel mode so far, from Linux's {@code /proc/self/stat}. */
    private record ProcessTicks(long user, long kernel) {

        static ProcessTicks now() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                // The fields after the command name, which is in parentheses and may hold spaces.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return new ProcessTicks(Long.parseLong(fields[11]), Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException absent) {
                return null;
            }
        }

        static double kernelShare(ProcessTicks before, ProcessTicks after) {
            if (before == null || after == null) {
                return Double.NaN;
            }
            double user = after.user - before.user;
            double kernel = after.kernel - before.kernel;
            return user + kernel == 0 ? Double.NaN : kernel / (user + kernel);
        }
    }
}
