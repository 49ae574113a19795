package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StreamEndsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T21:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void a_stream_still_open_when_its_credentials_expire_ends_with_a_reconnect_event() {
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(open(), List.of(
                        StreamEnds.lifetime(HOUR, () -> true), StreamEnds.credentials(NOW.plusSeconds(90), CLOCK))))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(Duration.ofSeconds(89))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamEnds.CREDENTIALS_EXPIRED);
                })
                .verifyComplete();
    }

    /** Before, a stream opened with Basic credentials stayed open until the node stopped. */
    @Test
    void a_stream_without_expiring_credentials_ends_after_its_lifetime_with_a_reconnect_event() {
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(open(), List.of(
                        StreamEnds.lifetime(HOUR, () -> true), Mono.never())))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(HOUR.minusSeconds(1))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamEnds.LIFETIME_REACHED);
                })
                .verifyComplete();
    }

    @Test
    void credentials_expiring_after_the_lifetime_end_the_stream_at_the_lifetime() {
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(open(), List.of(
                        StreamEnds.lifetime(HOUR, () -> true),
                        StreamEnds.credentials(NOW.plus(HOUR).plusSeconds(1), CLOCK))))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .thenAwait(HOUR)
                .assertNext(event -> assertThat(event.data()).contains(StreamEnds.LIFETIME_REACHED))
                .verifyComplete();
    }

    /** Tester 155: a timeline stream reopened while the store is out of sight is refused, and EventSource gives up. */
    @Test
    void a_lifetime_ends_only_once_the_store_is_in_sight() {
        AtomicBoolean inSight = new AtomicBoolean();
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(open(), List.of(
                        StreamEnds.lifetime(HOUR, inSight::get))))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(HOUR.plusMinutes(5))
                .then(() -> inSight.set(true))
                .thenAwait(StreamEnds.LOOK_EVERY)
                .assertNext(event -> assertThat(event.data()).contains(StreamEnds.LIFETIME_REACHED))
                .verifyComplete();
    }

    /** Tester 155: updates never say a stream is current, so a dashboard showed stale as long as nothing was written. */
    @Test
    void a_stream_opened_stale_ends_once_the_node_is_current() {
        AtomicBoolean current = new AtomicBoolean();
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(open(), List.of(
                        StreamEnds.lifetime(HOUR, () -> true), StreamEnds.currentAgain(current::get))))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(Duration.ofMinutes(3))
                .then(() -> current.set(true))
                .thenAwait(StreamEnds.LOOK_EVERY)
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamEnds.CURRENT_AGAIN);
                })
                .verifyComplete();
    }

    @Test
    void a_stream_that_ends_first_ends_as_it_would_have() {
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(Flux.just(event("snapshot"),
                        BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN)), List.of(
                        StreamEnds.lifetime(HOUR, () -> true), StreamEnds.credentials(NOW.plusSeconds(90), CLOCK))))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .assertNext(event -> assertThat(event.data()).contains(BoundedSubscriber.SHUTTING_DOWN))
                .verifyComplete();
    }

    @Test
    void credentials_already_expired_end_the_stream_at_once() {
        StepVerifier.withVirtualTime(() -> StreamEnds.endingAtFirst(Flux.never(), List.of(
                        Mono.never(), StreamEnds.credentials(NOW.minusSeconds(1), CLOCK))))
                .assertNext(event -> assertThat(event.data()).contains(StreamEnds.CREDENTIALS_EXPIRED))
                .verifyComplete();
    }

    /** Streams a restarted node's clients opened together must not all come back together an hour later. */
    @Test
    void lifetimes_are_drawn_from_the_last_tenth_before_the_longest() {
        assertThat(StreamEnds.drawn(HOUR, 0)).isEqualTo(HOUR);
        assertThat(StreamEnds.drawn(HOUR, 0.5)).isEqualTo(Duration.ofMinutes(57));
        assertThat(StreamEnds.drawn(HOUR, 1)).isEqualTo(Duration.ofMinutes(54));
    }

    private static Flux<ServerSentEvent<String>> open() {
        return Flux.concat(Flux.just(event("snapshot")), Flux.never());
    }

    private static ServerSentEvent<String> event(String name) {
        return ServerSentEvent.<String>builder().event(name).data("{}").build();
    }
}
