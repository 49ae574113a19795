package io.aftermath.shared.query;

import java.util.List;

/**
 * @param releases the release and every hotfix folded into its story
 * @param entries  what happened, in ledger order
 */
public record Timeline(String releaseId, List<String> releases, List<TimelineEntry> entries,
                       TimelineMetrics metrics) {
}
