package io.aftermath.shared.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * The checks a settings record makes in its constructor, so that a value that cannot work refuses the
 * start with one line in one style ({@code key=value is less than the minimum of 1}) instead of a
 * stack trace later or a node that starts broken. Values are printed as Spring reads them
 * ({@code 6ms}, {@code 1KB}), so the line shows what a bare number became.
 */
public final class SettingRange {

    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);
    /**
     * A century: no schedule, lease or deadline means more, and beyond it a duration added to now or
     * counted in milliseconds overflows (tester 36: a TTL of 999999999999d failed every keyed write).
     */
    private static final Duration LONGEST = Duration.ofDays(36_500);
    /** Largest first: a value is printed in the first unit that states it exactly. */
    private static final List<Map.Entry<String, Duration>> DURATION_UNITS = List.of(Map.entry("d", Duration.ofDays(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)),
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("ms", ONE_MILLISECOND),
            Map.entry("us", Duration.ofNanos(1_000)), Map.entry("ns", Duration.ofNanos(1)));
    private static final List<Map.Entry<String, DataSize>> SIZE_UNITS = List.of(
            Map.entry("TB", DataSize.ofTerabytes(1)), Map.entry("GB", DataSize.ofGigabytes(1)),
            Map.entry("MB", DataSize.ofMegabytes(1)), Map.entry("KB", DataSize.ofKilobytes(1)),
            Map.entry("B", DataSize.ofBytes(1)));

    private SettingRange() {
    }

    public static void atLeast(String key, long value, long minimum) {
        between(key, value, minimum, Long.MAX_VALUE);
    }

    public static void between(String key, long value, long minimum, long maximum) {
        if (value < minimum) {
            refuse(key + "=" + value + " is less than the minimum of " + minimum);
        }
        if (value > maximum) {
            refuse(key + "=" + value + " is more than the maximum of " + maximum);
        }
    }

    /**
     * At least one millisecond: the scheduling behind these settings counts in milliseconds, so
     * anything shorter would run as zero.
     */
    public static void positive(String key, Duration value) {
        atLeast(key, value, ONE_MILLISECOND);
    }

    /** At least {@code minimum}, and at most a century. */
    public static void atLeast(String key, Duration value, Duration minimum) {
        between(key, value, minimum, LONGEST);
    }

    /** From {@code minimum} to {@code maximum} (at most a century). */
    public static void between(String key, Duration value, Duration minimum, Duration maximum) {
        if (value == null) {
            refuse(key + " is empty; give a duration of at least " + print(minimum));
        }
        if (value.compareTo(minimum) < 0) {
            // Spring reads a number without a unit as milliseconds: named where that may be what happened.
            refuse(key + "=" + print(value) + " is shorter than the minimum of " + print(minimum)
                    + (value.isNegative() || value.isZero() || value.compareTo(Duration.ofSeconds(1)) >= 0 ? ""
                    : " (a number given without a unit is read as milliseconds)"));
        }
        if (value.compareTo(maximum) > 0 || value.compareTo(LONGEST) > 0) {
            Duration longest = maximum.compareTo(LONGEST) < 0 ? maximum : LONGEST;
            refuse(key + "=" + print(value) + " is longer than the maximum of " + print(longest)
                    + (longest.equals(LONGEST) ? " (a century)" : ""));
        }
    }

    public static void between(String key, DataSize value, DataSize minimum, DataSize maximum) {
        if (value == null) {
            refuse(key + " is empty; give a size from " + print(minimum) + " to " + print(maximum));
        }
        if (value.compareTo(minimum) < 0) {
            refuse(key + "=" + print(value) + " is less than the minimum of " + print(minimum));
        }
        if (value.compareTo(maximum) > 0) {
            refuse(key + "=" + print(value) + " is more than the maximum of " + print(maximum));
        }
    }

    /** In the largest unit that states it exactly, as Spring's simple style spells it: {@code 90s}, {@code 6ms}. */
    public static String print(Duration value) {
        if (value.isZero()) {
            return "0s";
        }
        for (Map.Entry<String, Duration> unit : DURATION_UNITS) {
            if (exact(value, unit.getValue())) {
                return value.dividedBy(unit.getValue()) + unit.getKey();
            }
        }
        return value.toString();
    }

    private static String print(DataSize value) {
        if (value.toBytes() == 0) {
            return "0B";
        }
        for (Map.Entry<String, DataSize> unit : SIZE_UNITS) {
            long bytes = unit.getValue().toBytes();
            if (value.toBytes() % bytes == 0) {
                return value.toBytes() / bytes + unit.getKey();
            }
        }
        return value.toString();
    }

    /** Without {@code toNanos}, which overflows past 292 years. */
    private static boolean exact(Duration value, Duration unit) {
        if (unit.getNano() == 0) {
            return value.getNano() == 0 && value.getSeconds() % unit.getSeconds() == 0;
        }
        return value.getNano() % unit.getNano() == 0;
    }

    private static void refuse(String line) {
        throw new StartRefusedException(line);
    }
}
