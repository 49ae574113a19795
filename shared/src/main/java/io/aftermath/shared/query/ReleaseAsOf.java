package io.aftermath.shared.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A release replayed from the log up to (not including) position {@code end}: what anyone looking
 * at it then could have known, independent of any read model.
 */
public record ReleaseAsOf(
        String releaseId,
        long end,
        Instant lastRecordedAt,
        int eventsApplied,
        String service,
        String version,
        Instant deployedAt,
        String hotfixOf,
        List<String> hotfixes,
        List<TicketAsOf> tickets,
        Map<String, Integer> ticketsByStatus,
        Map<String, Integer> openTicketsByPriority,
        List<UserUpdateAsOf> userUpdates,
        List<LessonAsOf> lessons,
        List<ActionItemAsOf> actionItems,
        boolean retrospectiveClosed,
        String retrospectiveSummary) {

    public record TicketAsOf(String ticketId, String releaseId, String title, String reporter, Instant reportedAt,
                             String status, String severity, String urgency, String priority, String assignee,
                             String resolution, String fixedIn, String canonicalTicketId, List<String> duplicates,
                             boolean regression) {
    }

    /** @param releaseId the release it was published on: this one or one of its hotfixes */
    public record UserUpdateAsOf(String updateId, String releaseId, String status, String channel, String message,
                                 List<String> ticketIds, String actor, Instant at) {
    }

    public record LessonAsOf(String lessonId, String title, String whatHappened, List<String> contributingFactors,
                             String whatWentWell, List<String> improvements, List<String> ticketIds,
                             List<String> tags, String actor, Instant at) {
    }

    public record ActionItemAsOf(String actionItemId, String title, String owner, LocalDate dueDate, String lessonId,
                                 boolean done, Instant completedAt, String note) {
    }
}
