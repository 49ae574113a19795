package io.aftermath.bench;

import java.util.Arrays;

/** Latency percentiles of a run, in milliseconds. */
record Stats(double p50, double p99, double max) {

    static Stats ofNanos(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Stats(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }
}
