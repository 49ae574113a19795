package io.aftermath.shared.query;

import java.util.List;

/**
 * What a change did to a streamed {@link Timeline}: the subscriber keeps the first {@code entriesBefore}
 * entries of the timeline it holds, drops any after them, and appends {@code entries}. Mostly a change only
 * adds entries at the end; but entries are in order of {@code at}, which a command stamps before its commit
 * is ordered, so with several writers a new entry often lands just before the last few held (tester 34: 13
 * of 70 changes under four writers), and then those few come again rather than the whole timeline. The
 * release tree and the metrics come whole: they are small, and a new entry may change any metric.
 */
public record TimelineDelta(String releaseId, List<String> releases, int entriesBefore, List<TimelineEntry> entries,
                            TimelineMetrics metrics) {

    /** What turns {@code before} into {@code after}, or null when they have no first entry in common. */
    public static TimelineDelta between(Timeline before, Timeline after) {
        List<TimelineEntry> held = before.entries();
        List<TimelineEntry> now = after.entries();
        int kept = 0;
        while (kept < held.size() && kept < now.size() && held.get(kept).equals(now.get(kept))) {
            kept++;
        }
        if (kept == 0 && !held.isEmpty()) {
            return null;
        }
        return new TimelineDelta(after.releaseId(), after.releases(), kept, List.copyOf(now.subList(kept, now.size())),
                after.metrics());
    }
}
