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

    /** Tester 36: 999999999999d overflowed where it was used: the start failed, or every keyed write did. */
    @Test
    void a_duration_over_a_century_is_refused_and_a_century_is_not() {
        SettingRange.atLeast("aftermath.idempotency.ttl", Duration.ofDays(36_500), Duration.ZERO);
        assertThatThrownBy(() -> SettingRange.positive("aftermath.idempotency.ttl", Duration.ofDays(999_999_999_999L)))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.idempotency.ttl=999999999999d is longer than the maximum of 36500d (a century)");
    }

    /** Tester 36: "59s ... (a number given without a unit is read as milliseconds)", for a value with a unit. */
    @Test
    void the_hint_about_numbers_without_a_unit_comes_only_with_values_under_a_second() {
        assertThatThrownBy(() -> SettingRange.atLeast("aftermath.backup.interval", Duration.ofSeconds(59),
                Duration.ofMinutes(1))).hasMessage("aftermath.backup.interval=59s is shorter than the minimum of 1m");
        assertThatThrownBy(() -> SettingRange.atLeast("aftermath.backup.interval", Duration.ofMillis(6),
                Duration.ofMinutes(1))).hasMessageEndingWith("(a number given without a unit is read as milliseconds)");
    }
}
