package io.aftermath.shared.infrastructure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The times that name backups and checkpoint records: to the millisecond, each later than the one
 * before, so two taken in one millisecond never share a file, and spelled so that names sort as they
 * read, the newest last.
 */
final class FileTimes {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** What {@link #FORMAT} writes, as a regular expression. */
    static final String PATTERN = "\\d{8}T\\d{9}Z";

    private Instant last = Instant.EPOCH;

    /** {@code now} to the millisecond, or a millisecond after the last one given if that is later. */
    synchronized Instant next(Instant now) {
        Instant millis = now.truncatedTo(ChronoUnit.MILLIS);
        last = millis.isAfter(last) ? millis : last.plusMillis(1);
        return last;
    }
}
