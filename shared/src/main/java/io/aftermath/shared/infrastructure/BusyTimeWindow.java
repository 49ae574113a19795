package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.Arrays;

/**
 * Handling time summed over a sliding window, in a fixed number of slots: the window's share of time spent
 * handling is what a capacity gauge shows, and it needs the sum, not each measurement. A measurement counts
 * in the slot of the moment it ended, so it leaves the window up to one slot early.
 */
final class BusyTimeWindow {

    private final long slotNanos;
    private final long windowNanos;
    private final long[] slotOf;
    private final long[] busyNanos;

    BusyTimeWindow(Duration window, int slots) {
        this.windowNanos = window.toNanos();
        this.slotNanos = windowNanos / slots;
        this.slotOf = new long[slots];
        this.busyNanos = new long[slots];
        Arrays.fill(slotOf, Long.MIN_VALUE);
    }

    synchronized void add(long endedAtNanos, long nanos) {
        long slot = Math.floorDiv(endedAtNanos, slotNanos);
        int index = index(slot);
        if (slotOf[index] != slot) {
            slotOf[index] = slot;
            busyNanos[index] = 0;
        }
        busyNanos[index] += nanos;
    }

    /** Busy time in the window ending now over the window's length: 1.0 is one thread busy all the time. */
    synchronized double share(long nowNanos) {
        long current = Math.floorDiv(nowNanos, slotNanos);
        long busy = 0;
        for (int index = 0; index < slotOf.length; index++) {
            if (slotOf[index] > current - slotOf.length && slotOf[index] <= current) {
                busy += busyNanos[index];
            }
        }
        return (double) busy / windowNanos;
    }

    private int index(long slot) {
        return (int) Math.floorMod(slot, (long) slotOf.length);
    }
}
