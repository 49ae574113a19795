package io.aftermath.command.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CommandPropertiesTest {

    private static final Duration BACKOFF = Duration.ofMillis(20);

    /** Before: the command executor's bean failed with a stack trace. */
    @Test
    void no_threads_or_a_negative_queue_is_refused() {
        assertThatThrownBy(() -> new CommandProperties(0, 1000, 3, BACKOFF))
                .hasMessage("aftermath.commands.threads=0 is less than the minimum of 1");
        assertThatThrownBy(() -> new CommandProperties(32, -1, 3, BACKOFF))
                .hasMessage("aftermath.commands.queue=-1 is less than the minimum of 0");
    }

    @Test
    void negative_retries_or_backoff_are_refused() {
        assertThatThrownBy(() -> new CommandProperties(32, 1000, -1, BACKOFF))
                .hasMessage("aftermath.commands.retries=-1 is less than the minimum of 0");
        assertThatThrownBy(() -> new CommandProperties(32, 1000, 3, Duration.ofMillis(-20)))
                .hasMessage("aftermath.commands.backoff=-20ms is shorter than the minimum of 0s");
    }
}
