package io.aftermath.shared.web;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The instants and dates a request may name: the years 0000 to 9999, which ISO-8601 writes without a
 * sign. Java reads instants up to the year 1,000,000,000, but past about the year 292,000,000 one no
 * longer fits the milliseconds a BSON date or a search index holds, and a release registered with
 * such a date would have stopped every projection that stores it.
 */
public final class CalendarRange {

    public static final String RULE = "must lie in the years 0000 to 9999";

    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final int LAST_YEAR = 9999;

    private CalendarRange() {
    }

    public static boolean contains(Instant instant) {
        return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
    }

    public static boolean contains(LocalDate date) {
        return date.getYear() >= 0 && date.getYear() <= LAST_YEAR;
    }
}
