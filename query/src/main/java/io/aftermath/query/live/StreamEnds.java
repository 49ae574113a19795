package io.aftermath.query.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When a stream ends with a {@code reconnect} event for reasons of its own, besides the hub's (the node stopping, a
 * client too slow): {@code EventSource} follows it by itself, sending back where it was ({@code Last-Event-ID}).
 * <p>
 * Credentials are checked once, when a stream opens. A stream opened with a bearer token ends when the token does:
 * one went on minutes past its {@code exp} and after the issuer withdrew its key (tester 152). Every stream also ends
 * after {@code aftermath.query.stream.max-lifetime}: a Basic user's password changed or the user removed on a
 * rolling restart reaches open streams too, and streams opened before a query node was added move to it in time
 * instead of staying with the nodes they opened on. A stream opened stale ends once the node is current, as its
 * updates never say so (tester 155: a dashboard showed stale for as long as nothing was written), and one opened
 * current ends once the read model serving it falls behind the log, for the same reason.
 */
public final class StreamEnds {

    static final String CREDENTIALS_EXPIRED = "credentials expired: reconnect with fresh ones";
    static final String LIFETIME_REACHED = "stream open for its longest lifetime: reconnect";
    static final String CURRENT_AGAIN = "the node is current again: reconnect for a current snapshot";
    static final String FELL_BEHIND = "the read model fell behind the log: reconnect for a snapshot that says so";
    /** Lifetimes are drawn from the last tenth before the longest. */
    private static final double SPREAD = 0.1;
    /** How often a stream waiting for a condition to end looks at it. */
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private StreamEnds() {
    }

    /**
     * A stream's lifetime, {@code draw} (0 to 1) placing it in the last tenth before {@code longest}: streams
     * opened together, as those of a restarted node all are, would otherwise all come back together again.
     */
    public static Duration drawn(Duration longest, double draw) {
        return Duration.ofNanos(Math.round(longest.toNanos() * (1 - SPREAD * draw)));
    }

    /**
     * After {@code lifetime}, once the store is in sight: a timeline stream reopened while it is out of sight is
     * refused 503, on which {@code EventSource} gives up for good (tester 155).
     */
    public static Mono<String> lifetime(Duration lifetime, BooleanSupplier storeInSight) {
        return Mono.delay(lifetime).then(once(storeInSight)).thenReturn(LIFETIME_REACHED);
    }

    /** At a bearer token's {@code exp}. */
    public static Mono<String> credentials(Instant expiry, Clock clock) {
        Duration left = Duration.between(clock.instant(), expiry);
        return Mono.delay(left.isNegative() ? Duration.ZERO : left).thenReturn(CREDENTIALS_EXPIRED);
    }

    /** For a stream opened stale: once {@code current} holds, so the client's next snapshot is current. */
    public static Mono<String> currentAgain(BooleanSupplier current) {
        return once(current).thenReturn(CURRENT_AGAIN);
    }

    /** For a stream opened current: once its read model has fallen behind, so the client's next snapshot says so. */
    public static Mono<String> fellBehind(BooleanSupplier behind) {
        return once(behind).thenReturn(FELL_BEHIND);
    }

    /** {@code stream}, ended with {@code reconnect} at the first of {@code ends}, giving its reason. */
    public static Flux<ServerSentEvent<String>> endingAtFirst(Flux<ServerSentEvent<String>> stream,
                                                              List<Mono<String>> ends) {
        AtomicReference<String> reason = new AtomicReference<>();
        Mono<String> end = Mono.firstWithValue(ends).doOnNext(reason::set);
        return stream.takeUntilOther(end).concatWith(Mono.fromSupplier(() ->
                reason.get() == null ? null : BoundedSubscriber.reconnect(reason.get())));
    }

    private static Mono<Long> once(BooleanSupplier condition) {
        return Flux.interval(Duration.ZERO, LOOK_EVERY).filter(tick -> condition.getAsBoolean()).next();
    }
}
