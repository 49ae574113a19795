package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.aftermath.shared.mongo.StoreSight;

/**
 * While a store of {@code aftermath.mongo.uri} is out of sight, answers the requests that have waited
 * {@code aftermath.mongo.read-timeout} or longer: 503 {@code STORE_UNAVAILABLE}, a write's saying that
 * whether it was stored is not known yet. A write under way when the store went waits for the ledger's
 * retries, which wait for the store, so its client heard nothing for minutes (tester 61) while a proxy in
 * front of the node gave up on it. The write itself goes on: a keyed retry finds its outcome once the store is
 * back. Requests that need no store answer within seconds (a triage wait for {@code after} within 5 s), so
 * none of them waits that long. Counted from each request's start, not from when the driver lost sight: a
 * store that hangs is lost from sight only once a call to it has timed out, which doubled the wait (tester 62:
 * 20-21 s at the default 10 s).
 */
final class StoreOutageAnswers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutageAnswers.class);

    private final StoreSight store;
    private final Duration wait;
    private final ToIntFunction<Duration> answerCaught;
    private ScheduledExecutorService timer;

    /** {@code answerCaught} answers the requests that waited at least as long, and says how many. */
    StoreOutageAnswers(StoreSight store, Duration wait, ToIntFunction<Duration> answerCaught) {
        this.store = store;
        this.wait = wait;
        this.answerCaught = answerCaught;
    }

    /** A zero {@code wait} (the embedded server, or no read timeout) answers nothing. */
    @Override
    public synchronized void start() {
        if (wait.isZero()) {
            return;
        }
        timer = DaemonThreads.scheduler("store-outage-answers");
        long every = Math.max(100, Math.min(1_000, wait.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    }

    void look() {
        try {
            if (store.inSight()) {
                return;
            }
            int answered = answerCaught.applyAsInt(wait);
            if (answered > 0) {
                LOG.warn("Answered {} request(s) that waited {} s for a store out of sight with 503", answered,
                        wait.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not answer the requests waiting for the store: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
