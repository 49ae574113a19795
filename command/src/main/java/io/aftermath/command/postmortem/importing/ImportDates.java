package io.aftermath.command.postmortem.importing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates post-mortems are written with: ISO-8601 date-times with {@code Z} or an offset
 * ({@code 2017-02-28T17:37:00Z}, {@code 2017-02-28T09:37:00-08:00}), the same with a space for the
 * {@code T} ({@code 2012-06-13 21:16:00}, optionally followed by {@code UTC} or an offset such as
 * {@code +0200}), and bare dates ({@code 2012-06-13}, read as midnight UTC). Without a zone a time is
 * read as UTC: most write-ups state UTC, and a guess of the author's zone would be worse. Anything
 * else (region ids, "June 13, 2012") is refused.
 */
public final class ImportDates {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?)\\s*(.*)");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})");

    private ImportDates() {
    }

    /** Null or blank is no date; anything unreadable throws {@link DateTimeParseException}. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (DATE.matcher(value).matches()) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        Matcher parts = DATE_TIME.matcher(value);
        if (!parts.matches()) {
            throw new DateTimeParseException("not an ISO-8601 date or date-time", value, 0);
        }
        String normalized = parts.group(1) + "T" + parts.group(2).replace(',', '.') + zone(parts.group(3), value);
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(normalized, OffsetDateTime::from,
                LocalDateTime::from);
        return parsed instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
                : ((OffsetDateTime) parsed).toInstant();
    }

    private static String zone(String zone, String value) {
        String trimmed = zone.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        if (trimmed.equalsIgnoreCase("UTC") || trimmed.equalsIgnoreCase("GMT") || trimmed.equalsIgnoreCase("z")) {
            return "Z";
        }
        Matcher compact = COMPACT_OFFSET.matcher(trimmed);
        if (compact.matches()) {
            return compact.group(1) + ":" + compact.group(2);
        }
        if (trimmed.startsWith("+") || trimmed.startsWith("-")) {
            return trimmed;
        }
        throw new DateTimeParseException("only Z, UTC, GMT or a numeric offset may follow the time", value, 0);
    }
}
