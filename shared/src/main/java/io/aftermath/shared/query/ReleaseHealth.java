package io.aftermath.shared.query;

import java.util.Map;

/**
 * Ticket counts and response times of one release. Duplicates count in {@code byStatus} only.
 *
 * @param byStatus       every ticket by its current status
 * @param byPriority     tickets that are not duplicates by current priority ({@code NONE}: not prioritised)
 * @param openByPriority open tickets by current priority
 * @param overall        MTTA and MTTR over all tickets
 * @param perPriority    MTTA and MTTR by current priority ({@code NONE}: not prioritised)
 */
public record ReleaseHealth(
        int tickets,
        int open,
        Map<String, Integer> byStatus,
        Map<String, Integer> byPriority,
        Map<String, Integer> openByPriority,
        ResponseTimes overall,
        Map<String, ResponseTimes> perPriority,
        int regressions) {
}
