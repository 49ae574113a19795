package io.aftermath.shared.query;

import java.util.List;

/**
 * What a change added to a streamed {@link Timeline}: the entries after the first {@code entriesBefore} of
 * the timeline the subscriber holds (none when an entry lands among those held: entries are in order of
 * {@code at}, which a client may set before the last one held), and the release tree and metrics whole (they are small, and a new
 * entry may change any metric). A subscriber holding another number of entries missed something and
 * reconnects.
 */
public record TimelineDelta(String releaseId, List<String> releases, int entriesBefore, List<TimelineEntry> entries,
                            TimelineMetrics metrics) {

    /** What {@code after} adds to {@code before}, or null when it also changes an entry {@code before} holds. */
    public static TimelineDelta between(Timeline before, Timeline after) {
        int held = before.entries().size();
        if (after.entries().size() < held || !after.entries().subList(0, held).equals(before.entries())) {
            return null;
        }
        return new TimelineDelta(after.releaseId(), after.releases(), held,
                List.copyOf(after.entries().subList(held, after.entries().size())), after.metrics());
    }
}
