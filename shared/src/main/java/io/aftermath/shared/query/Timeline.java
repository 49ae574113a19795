package io.aftermath.shared.query;

import java.util.List;

/**
 * @param releases     the release and every hotfix folded into its story
 * @param entries      what happened, in the order it happened ({@code at}, then ledger position): all of it,
 *                     or the window asked for
 * @param entriesTotal how many entries the whole timeline holds
 */
public record Timeline(String releaseId, List<String> releases, List<TimelineEntry> entries,
                       TimelineMetrics metrics, int entriesTotal) {

    /** A whole timeline. */
    public Timeline(String releaseId, List<String> releases, List<TimelineEntry> entries, TimelineMetrics metrics) {
        this(releaseId, releases, entries, metrics, entries.size());
    }
}
