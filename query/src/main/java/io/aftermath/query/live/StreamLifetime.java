package io.aftermath.query.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A stream opened with a bearer token ends when the token does, with a {@code reconnect} event: the token was
 * checked once, at the opening, and a stream went on minutes past its {@code exp} and after the issuer withdrew
 * its key (tester 152). The client reconnects with a fresh token, which is checked as any request's.
 */
public final class StreamLifetime {

    static final String CREDENTIALS_EXPIRED = "credentials expired: reconnect with fresh ones";

    private StreamLifetime() {
    }

    public static Flux<ServerSentEvent<String>> endingAt(Flux<ServerSentEvent<String>> stream, Instant expiry,
                                                         Clock clock) {
        Duration left = Duration.between(clock.instant(), expiry);
        AtomicBoolean expired = new AtomicBoolean();
        Mono<Long> end = Mono.delay(left.isNegative() ? Duration.ZERO : left).doOnNext(tick -> expired.set(true));
        return stream.takeUntilOther(end).concatWith(Mono.fromSupplier(() ->
                expired.get() ? BoundedSubscriber.reconnect(CREDENTIALS_EXPIRED) : null));
    }
}
