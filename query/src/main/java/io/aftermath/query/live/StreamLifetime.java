package io.aftermath.query.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How long a stream stays open before it ends with a {@code reconnect} event, which {@code EventSource} follows by
 * itself, sending back where it was ({@code Last-Event-ID}).
 * <p>
 * Credentials are checked once, when a stream opens. A stream opened with a bearer token ends when the token does:
 * one went on minutes past its {@code exp} and after the issuer withdrew its key (tester 152). Every stream also ends
 * after {@code aftermath.query.stream.max-lifetime}: a Basic user's password changed or the user removed on a
 * rolling restart reaches open streams too, and streams opened before a query node was added move to it in time
 * instead of staying with the nodes they opened on.
 */
public final class StreamLifetime {

    static final String CREDENTIALS_EXPIRED = "credentials expired: reconnect with fresh ones";
    static final String LIFETIME_REACHED = "stream open for its longest lifetime: reconnect";
    /** Lifetimes are drawn from the last tenth before the longest. */
    private static final double SPREAD = 0.1;

    private StreamLifetime() {
    }

    /**
     * A stream's lifetime, {@code draw} (0 to 1) placing it in the last tenth before {@code longest}: streams
     * opened together, as those of a restarted node all are, would otherwise all come back together again.
     */
    public static Duration drawn(Duration longest, double draw) {
        return Duration.ofNanos(Math.round(longest.toNanos() * (1 - SPREAD * draw)));
    }

    /** {@code stream}, ending after {@code lifetime} or at {@code credentialsExpiry} (null: none), the earlier. */
    public static Flux<ServerSentEvent<String>> bounded(Flux<ServerSentEvent<String>> stream, Duration lifetime,
                                                        Instant credentialsExpiry, Clock clock) {
        if (credentialsExpiry != null) {
            Duration untilExpiry = Duration.between(clock.instant(), credentialsExpiry);
            if (untilExpiry.compareTo(lifetime) <= 0) {
                return endingAfter(stream, untilExpiry, CREDENTIALS_EXPIRED);
            }
        }
        return endingAfter(stream, lifetime, LIFETIME_REACHED);
    }

    private static Flux<ServerSentEvent<String>> endingAfter(Flux<ServerSentEvent<String>> stream, Duration left,
                                                             String reason) {
        AtomicBoolean ended = new AtomicBoolean();
        Mono<Long> end = Mono.delay(left.isNegative() ? Duration.ZERO : left).doOnNext(tick -> ended.set(true));
        return stream.takeUntilOther(end).concatWith(Mono.fromSupplier(() ->
                ended.get() ? BoundedSubscriber.reconnect(reason) : null));
    }
}
