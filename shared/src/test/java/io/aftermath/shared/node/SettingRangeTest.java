package io.aftermath.shared.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SettingRangeTest {

    @Test
    void durations_are_printed_in_the_largest_unit_that_states_them_exactly_as_spring_reads_them() {
        assertThat(SettingRange.print(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(SettingRange.print(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(SettingRange.print(Duration.ofMillis(-6))).isEqualTo("-6ms");
        assertThat(SettingRange.print(Duration.ofHours(-1))).isEqualTo("-1h");
        assertThat(SettingRange.print(Duration.ofNanos(1_500))).isEqualTo("1500ns");
        assertThat(SettingRange.print(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void an_empty_duration_is_refused_with_the_minimum() {
        assertThatThrownBy(() -> SettingRange.positive("aftermath.query.live.tick", null))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.query.live.tick is empty; give a duration of at least 1ms");
    }
}
