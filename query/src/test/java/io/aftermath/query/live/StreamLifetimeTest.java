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

    @Test
    void a_stream_still_open_when_its_credentials_expire_ends_with_a_reconnect_event() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.endingAt(Flux.concat(Flux.just(event("snapshot")),
                        Flux.never()), NOW.plusSeconds(90), CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .expectNoEvent(Duration.ofSeconds(89))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reconnect");
                    assertThat(event.data()).contains(StreamLifetime.CREDENTIALS_EXPIRED);
                })
                .verifyComplete();
    }

    @Test
    void a_stream_that_ends_first_ends_as_it_would_have() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.endingAt(Flux.just(event("snapshot"),
                        BoundedSubscriber.reconnect(BoundedSubscriber.SHUTTING_DOWN)), NOW.plusSeconds(90), CLOCK))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .assertNext(event -> assertThat(event.data()).contains(BoundedSubscriber.SHUTTING_DOWN))
                .verifyComplete();
    }

    @Test
    void credentials_already_expired_end_the_stream_at_once() {
        StepVerifier.withVirtualTime(() -> StreamLifetime.endingAt(Flux.never(), NOW.minusSeconds(1), CLOCK))
                .assertNext(event -> assertThat(event.data()).contains(StreamLifetime.CREDENTIALS_EXPIRED))
                .verifyComplete();
    }

    private static ServerSentEvent<String> event(String name) {
        return ServerSentEvent.<String>builder().event(name).data("{}").build();
    }
}
