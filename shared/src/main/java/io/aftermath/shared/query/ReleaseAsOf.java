package io.aftermath.shared.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.lang.Nullable;

/**
 * A release replayed from the log up to (not including) position {@code end}: what anyone looking
 * at it then could have known, independent of any read model.
 *
 * @param lastRecordedAt        the ledger {@code timestamp} of the last event folded in (the release's, its
 *                              hotfixes' or their tickets'), not of the last event before {@code end}
 * @param eventsApplied         how many events before {@code end} were folded in
 * @param openTicketsByPriority open tickets, duplicates left out, by current priority ({@code NONE}: not prioritised)
 * @param regressions           as the release page lists them, for every ticket in {@code tickets}
 */
public record ReleaseAsOf(
        String releaseId,
        long end,
        Instant lastRecordedAt,
        int eventsApplied,
        String service,
        String version,
        Instant deployedAt,
        @Nullable String hotfixOf,
        List<String> hotfixes,
        List<TicketAsOf> tickets,
        Map<String, Integer> ticketsByStatus,
        Map<String, Integer> openTicketsByPriority,
        List<UserUpdateAsOf> userUpdates,
        List<LessonAsOf> lessons,
        List<ActionItemAsOf> actionItems,
        boolean retrospectiveClosed,
        @Nullable String retrospectiveSummary,
        @Nullable Instant retrospectiveClosedAt,
        @Nullable String retrospectiveClosedBy,
        List<RegressionView> regressions) {

    /**
     * The fields after {@code regression} are named and meant as in {@link TicketView}; {@code lastReopenReason} is
     * the reason given at the ticket's last reopening, kept once it is resolved again.
     */
    public record TicketAsOf(
            String ticketId,
            String releaseId,
            String title,
            String reporter,
            Instant reportedAt,
            String status,
            @Nullable String severity,
            @Nullable String urgency,
            @Nullable String priority,
            @Nullable String assignee,
            @Nullable String resolution,
            @Nullable String fixedIn,
            @Nullable String canonicalTicketId,
            List<String> duplicates,
            boolean regression,
            String description,
            @Nullable String component,
            @Nullable String reportedVia,
            @Nullable String resolutionSummary,
            List<String> reporters,
            @Nullable Instant acknowledgedAt,
            @Nullable Instant resolvedAt,
            @Nullable String lastReopenReason) {
    }

    /** @param releaseId the release it was published on: this one or one of its hotfixes */
    public record UserUpdateAsOf(String updateId, String releaseId, String status, String channel, String message,
                                 List<String> ticketIds, String actor, Instant at) {
    }

    public record LessonAsOf(String lessonId, String title, String whatHappened, List<String> contributingFactors,
                             @Nullable String whatWentWell, List<String> improvements, List<String> ticketIds,
                             List<String> tags, String actor, Instant at) {
    }

    /** @param completedBy the actor of its completion */
    public record ActionItemAsOf(
            String actionItemId,
            String title,
            String owner,
            @Nullable LocalDate dueDate,
            @Nullable String lessonId,
            boolean done,
            @Nullable Instant completedAt,
            @Nullable String note,
            @Nullable String completedBy) {
    }
}
