package io.aftermath.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.test.StepVerifier;

class LiveMetricsTest {

    private static final Executor SAME_THREAD = Runnable::run;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger version = new AtomicInteger();
    private final StreamHub<String> hub = new StreamHub<>(key -> key + "-" + version.get(), Function.identity(),
            StreamHub.Delta.NONE, () -> 0, () -> false, new ObjectMapper(), SAME_THREAD, 2, Long.MAX_VALUE);

    @Test
    void the_gauge_counts_connected_subscribers_and_the_counter_those_dropped_for_being_slow() {
        LiveMetrics.register(meters, "triage", hub);

        StepVerifier.create(hub.subscribe("queue", false, ClientChannel.UNOBSERVED), 1)
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .then(() -> assertThat(subscribers()).isEqualTo(1))
                .then(() -> {
                    for (int i = 0; i < 5; i++) {
                        version.incrementAndGet();
                        hub.recompute("queue");
                    }
                })
                .thenRequest(10)
                .assertNext(event -> assertThat(event.event()).isEqualTo("reconnect"))
                .verifyComplete();

        assertThat(subscribers()).isZero();
        assertThat(meters.get(LiveMetrics.DROPPED).tag("stream", "triage").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void a_client_that_leaves_is_no_longer_counted_and_not_counted_as_dropped() {
        LiveMetrics.register(meters, "timeline", hub);

        StepVerifier.create(hub.subscribe("release", false, ClientChannel.UNOBSERVED))
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .then(() -> assertThat(subscribers()).isEqualTo(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(subscribers()).isZero();
        assertThat(meters.get(LiveMetrics.DROPPED).functionCounter().count()).isZero();
    }

    private double subscribers() {
        return meters.get(LiveMetrics.SUBSCRIBERS).gauge().value();
    }
}
