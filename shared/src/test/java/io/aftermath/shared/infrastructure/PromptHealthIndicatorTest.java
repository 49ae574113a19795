package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

class PromptHealthIndicatorTest {

    private static final Health LATE = Health.down().withDetail("store", "late").build();

    @Test
    void a_check_that_answers_in_time_is_the_answer() {
        PromptHealthIndicator prompt = new PromptHealthIndicator(() -> Health.up().build(), Duration.ofSeconds(5), LATE);

        assertThat(prompt.health().block(Duration.ofSeconds(5))).isEqualTo(Health.up().build());
    }

    @Test
    void a_check_still_blocked_at_the_deadline_is_answered_late_without_waiting_for_it() {
        CountDownLatch never = new CountDownLatch(1);
        PromptHealthIndicator prompt = new PromptHealthIndicator(() -> {
            try {
                never.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return Health.up().build();
        }, Duration.ofMillis(200), LATE);

        assertThat(prompt.health().block(Duration.ofSeconds(5))).isSameAs(LATE);
        never.countDown();
    }
}
