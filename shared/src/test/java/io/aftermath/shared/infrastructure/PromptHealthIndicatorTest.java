package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Probes every few seconds while the store hung each held a thread of Reactor's shared pool for 10 s. */
    @Test
    void probes_while_a_check_is_under_way_wait_for_it_rather_than_start_more() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        PromptHealthIndicator prompt = new PromptHealthIndicator(() -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return Health.up().build();
        }, Duration.ofMillis(100), LATE);

        for (int probe = 0; probe < 5; probe++) {
            assertThat(prompt.health().block(Duration.ofSeconds(5))).isSameAs(LATE);
        }
        assertThat(started).hasValue(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> prompt.health().block(Duration.ofSeconds(5))
                .equals(Health.up().build()));
        assertThat(started).hasValueBetween(1, 2);
        assertThat(prompt.health().block(Duration.ofSeconds(5))).isEqualTo(Health.up().build());
        assertThat(started.get()).as("a finished check is not reused: each probe after it checks anew").isGreaterThan(1);
    }
}
