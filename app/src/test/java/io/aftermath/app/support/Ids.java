package io.aftermath.app.support;

import java.util.concurrent.atomic.AtomicLong;

/** Unique names for tests that share one database. */
public final class Ids {

    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000);

    private Ids() {
    }

    /** A service name no other test uses, e.g. {@code checkout-123456}. */
    public static String service(String prefix) {
        return prefix + "-" + NEXT.incrementAndGet();
    }
}
