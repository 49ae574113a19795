package io.aftermath.shared.web.idempotency;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class IdempotencyPropertiesTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void a_key_lifetime_or_lease_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new IdempotencyProperties(Duration.ofHours(-1), SECOND, SECOND, SECOND))
                .hasMessage("aftermath.idempotency.ttl=-1h is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new IdempotencyProperties(SECOND, SECOND, Duration.ZERO, SECOND))
                .hasMessage("aftermath.idempotency.lease=0s is shorter than the minimum of 1ms");
    }

    @Test
    void a_negative_wait_or_sweep_interval_is_refused() {
        assertThatThrownBy(() -> new IdempotencyProperties(SECOND, Duration.ofSeconds(-5), SECOND, SECOND))
                .hasMessage("aftermath.idempotency.wait-for=-5s is shorter than the minimum of 0s");
        assertThatThrownBy(() -> new IdempotencyProperties(SECOND, SECOND, SECOND, Duration.ofHours(-1)))
                .hasMessage("aftermath.idempotency.sweep-interval=-1h is shorter than the minimum of 0s");
    }
}
