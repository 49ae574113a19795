package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BusyTimeWindowTest {

    private final BusyTimeWindow window = new BusyTimeWindow(Duration.ofSeconds(60), 60);

    @Test
    void handling_leaves_the_window_a_minute_after_it_ended_not_all_at_once() {
        window.add(seconds(10), seconds(6));
        window.add(seconds(40), seconds(12));

        assertThat(window.share(seconds(40))).isEqualTo(0.3);
        assertThat(window.share(seconds(65))).isEqualTo(0.3);
        assertThat(window.share(seconds(71))).isEqualTo(0.2);
        assertThat(window.share(seconds(101))).isZero();
    }

    @Test
    void a_slot_used_again_a_window_later_starts_from_nothing() {
        window.add(seconds(5), seconds(30));
        window.add(seconds(65), seconds(3));

        assertThat(window.share(seconds(65))).isEqualTo(0.05);
    }

    @Test
    void handling_at_negative_monotonic_times_is_kept_as_any_other() {
        window.add(-seconds(3), seconds(6));

        assertThat(window.share(-seconds(1))).isEqualTo(0.1);
        assertThat(window.share(seconds(58))).isZero();
    }

    @Test
    void concurrent_handling_is_summed_without_loss() throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        IntStream.range(0, 8).forEach(thread -> threads.submit(() -> {
            for (int i = 0; i < 10_000; i++) {
                window.add(seconds(1) + i, 750);
            }
        }));
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(window.share(seconds(1))).isEqualTo(0.001);
    }

    private static long seconds(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }
}
