package io.aftermath.query.support;

import java.lang.management.ManagementFactory;

/**
 * Work counted as the bytes a piece of code allocates on the calling thread, which, unlike its time, other
 * work on the machine does not change.
 */
public final class Allocated {

    private Allocated() {
    }

    /** The fewest bytes of five runs: the first ones also load classes and fill caches. */
    public static long bytes(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            work.run();
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
