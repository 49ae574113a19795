package io.aftermath.shared.query;

import java.time.Instant;
import java.util.Map;

import org.springframework.lang.Nullable;

/**
 * One moment of a release's story.
 *
 * @param kind     DEPLOYED, HOTFIX_DEPLOYED, FIRST_REPORT, SEVERITY_CHANGED, DUPLICATE_MERGED, USER_UPDATE,
 *                 RESOLVED, REOPENED, REGRESSION, LESSON, ACTION_ITEM, ACTION_ITEM_DONE or RETROSPECTIVE_CLOSED
 * @param releaseId the release it happened in (a hotfix's own id when folded into its parent)
 * @param ticketId  the ticket concerned, if any
 * @param ticketTitle its title, as reported; summaries name tickets and action items by title
 */
public record TimelineEntry(long position, Instant at, String kind, String releaseId, @Nullable String ticketId,
                           @Nullable String ticketTitle, String actor,
                           String summary, Map<String, String> details) {
}
