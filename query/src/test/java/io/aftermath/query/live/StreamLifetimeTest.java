package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class StreamLifetimeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T21:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void a_stream_still_open_when_its_credentials_expire_ends_with_a_reconnect_event() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.bounded(open(), HOUR, NOW.plusSeconds(90), CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(Duration.ofSeconds(89))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamLifetime.CREDENTIALS_EXPIRED);
                })
                .verifyComplete();
    }

    /** Before, a stream opened with Basic credentials stayed open until the node stopped. */
    @Test
    void a_stream_without_expiring_credentials_ends_after_its_lifetime_with_a_reconnect_event() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.bounded(open(), HOUR, null, CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(HOUR.minusSeconds(1))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamLifetime.LIFETIME_REACHED);
                })
                .verifyComplete();
    }

    @Test
    void credentials_expiring_after_the_lifetime_end_the_stream_at_the_lifetime() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.bounded(open(), HOUR, NOW.plus(HOUR).plusSeconds(1), CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .thenAwait(HOUR)
                .assertNext(event -> assertThat(event.data()).contains(StreamLifetime.LIFETIME_REACHED))
                .verifyComplete();
    }

    @Test
    void a_stream_that_ends_first_ends_as_it_would_have() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.bounded(Flux.just(event("snapshot"),
                        BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN)), HOUR, NOW.plusSeconds(90), CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .assertNext(event -> assertThat(event.data()).contains(BoundedSubscriber.SHUTTING_DOWN))
                .verifyComplete();
    }

    @Test
    void credentials_already_expired_end_the_stream_at_once() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.bounded(Flux.never(), HOUR, NOW.minusSeconds(1), CLOCK))
                .assertNext(event -> assertThat(event.data()).contains(StreamLifetime.CREDENTIALS_EXPIRED))
                .verifyComplete();
    }

    /** Streams a restarted node's clients opened together must not all come back together an hour later. */
    @Test
    void lifetimes_are_drawn_from_the_last_tenth_before_the_longest() {
        assertThat(StreamLifetime.drawn(HOUR, 0)).isEqualTo(HOUR);
        assertThat(StreamLifetime.drawn(HOUR, 0.5)).isEqualTo(Duration.ofMinutes(57));
        assertThat(StreamLifetime.drawn(HOUR, 1)).isEqualTo(Duration.ofMinutes(54));
    }

    private static Flux<ServerSentEvent<String>> open() {
        return Flux.concat(Flux.just(event("snapshot")), Flux.never());
    }

    private static ServerSentEvent<String> event(String name) {
        return ServerSentEvent.<String>builder().event(name).data("{}").build();
    }
}
