package io.aftermath.query.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Read-your-writes: a read that names a position waits, without holding a thread, until the
 * projections serving it have processed every event before that position. The live loop
 * {@link #signal() signals} after each look at progress; each waiter checks its own condition then.
 */
@Component
public class Freshness {

    private final Sinks.Many<Long> ticks = Sinks.many().multicast().directBestEffort();
    private long tick;

    /** Completes with true once {@code served} reaches {@code position}, or false after {@code timeout}. */
    public Mono<Boolean> await(LongSupplier served, long position, Duration timeout) {
        if (served.getAsLong() >= position) {
            return Mono.just(true);
        }
        return ticks.asFlux()
                .filter(t -> served.getAsLong() >= position)
                .next()
                .map(t -> true)
                .timeout(timeout, Mono.just(false));
    }

    public void signal() {
        ticks.tryEmitNext(++tick);
    }
}
