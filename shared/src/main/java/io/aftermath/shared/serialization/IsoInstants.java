package io.aftermath.shared.serialization;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the one form the ledger writes instants in ({@code Instant.toString()}: "2026-11-30T21:00:00Z",
 * with 0 to 9 fraction digits) without the general formatter, which took a sixth of the reading
 * thread's samples in a profiled replay with payloads read. Anything else is not read here.
 */
final class IsoInstants {

    private static final int SHORTEST = "2026-11-30T21:00:00Z".length();
    private static final int LONGEST = "2026-11-30T21:00:00.123456789Z".length();
    private static final int SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    /** The instant, or null where the text is not in that exact form (the general formatter decides then). */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > SHORTEST) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fractionDigits = length - SHORTEST - 1;
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in text[from, from + count), or -1 if any of it is not an ASCII digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
