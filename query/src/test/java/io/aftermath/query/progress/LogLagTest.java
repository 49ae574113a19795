package io.aftermath.query.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LogLagTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(3);

    private final AtomicLong nanos = new AtomicLong(-5_000);
    private final LogLag lag = new LogLag(STALE_AFTER, nanos::get);

    @Test
    void a_read_model_is_behind_once_it_leaves_unprocessed_for_stale_after_an_event_the_node_read() {
        lag.observe(100);
        pass(Duration.ofMillis(2_999));
        lag.observe(150);
        assertThat(lag.behind(0)).as("nothing read stale-after ago yet").isFalse();

        pass(Duration.ofMillis(1));
        lag.observe(150);
        assertThat(lag.behind(99)).isTrue();
        assertThat(lag.behind(100)).isFalse();

        pass(Duration.ofMillis(2_998));
        lag.observe(150);
        assertThat(lag.behind(100)).as("150 read 2,999 ms ago").isFalse();
        pass(Duration.ofMillis(1));
        lag.observe(150);
        assertThat(lag.behind(149)).isTrue();
        assertThat(lag.behind(150)).isFalse();
    }

    /** Between the live loop's looks the head stands where the last one dated it, however long that was. */
    @Test
    void a_position_is_dated_when_the_node_first_saw_it_not_when_it_looked_again() {
        lag.observe(10);
        pass(Duration.ofSeconds(2));
        lag.observe(10);
        pass(Duration.ofSeconds(1));
        lag.observe(10);

        assertThat(lag.behind(9)).isTrue();
    }

    @Test
    void positions_never_settle_backwards() {
        lag.observe(40);
        pass(STALE_AFTER);
        lag.observe(20);
        pass(STALE_AFTER);
        lag.observe(20);

        assertThat(lag.behind(39)).isTrue();
    }

    @Test
    void a_projection_falling_behind_and_catching_up_is_logged_once_each(CapturedOutput output) {
        lag.observe(10);
        pass(STALE_AFTER);
        lag.observe(10);

        lag.judge("triage", 9);
        lag.judge("triage", 9);
        lag.judge("timelines", 10);
        lag.judge("triage", 10);
        lag.judge("triage", 10);

        assertThat(output.getOut().lines().filter(line -> line.contains("Projection triage has fallen behind the log: "
                + "it has yet to process events this node read more than 3s ago (it has processed every event below 9, "
                + "the node read up to 10)"))).hasSize(1);
        assertThat(output.getOut().lines().filter(line -> line.contains("Projection triage has caught up with the log")))
                .hasSize(1);
        assertThat(output.getOut()).doesNotContain("Projection timelines");
    }

    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
