package io.aftermath.shared.query;

import java.time.Duration;
import java.time.Instant;

import org.springframework.lang.Nullable;

/**
 * Figures of the folded story. Durations are null when one end has not happened, and zero when the
 * end came first (a hotfix shipped before anyone reported the problem).
 *
 * @param timeToFirstReport      deployment to the first report
 * @param timeToFirstUserUpdate  first report to the first user update
 * @param timeToHotfix           first report to the first hotfix deployed
 * @param timeToAllResolved      first report to the last resolution, once nothing is open
 */
public record TimelineMetrics(
        Instant deployedAt,
        @Nullable Instant firstReportAt,
        @Nullable Duration timeToFirstReport,
        @Nullable Instant firstUserUpdateAt,
        @Nullable Duration timeToFirstUserUpdate,
        @Nullable Instant firstHotfixAt,
        @Nullable Duration timeToHotfix,
        @Nullable Instant lastResolutionAt,
        @Nullable Duration timeToAllResolved,
        int reports,
        int open,
        int resolutions,
        int duplicates,
        int regressions,
        int userUpdates,
        int lessons,
        int actionItems,
        int actionItemsDone,
        @Nullable Instant retrospectiveClosedAt) {
}
