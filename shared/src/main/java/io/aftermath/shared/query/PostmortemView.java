package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

import io.aftermath.shared.ticket.Severity;

/**
 * A lesson or an imported post-mortem whole, as a search hit finds it: the members the hit has mean what
 * they mean there ({@link PostmortemHit}); the others belong to one kind and are null (or empty, for lists)
 * on the other.
 *
 * @param kind                {@code lesson} or {@code postmortem}
 * @param service             the lesson's release's service, or the post-mortem's product
 * @param tags                a lesson's tags; a post-mortem's categories, then its keywords, each once
 * @param severity            a lesson's most severe linked ticket; null for post-mortems (an import carries none)
 * @param at                  when the lesson was recorded, or when the imported incident started
 * @param actor               who recorded the lesson, or who imported the post-mortem
 * @param summary             a post-mortem's summary, Markdown as imported
 * @param body                a post-mortem's body, Markdown exactly as imported
 * @param importedAt          when the post-mortem was first imported
 * @param revisions           how often a later import of the same document replaced its content (0: never);
 *                            null for lessons
 * @param revisedAt           when the latest such import was, if any
 * @param revisedBy           who made it
 */
public record PostmortemView(
        String kind,
        String id,
        String title,
        @Nullable String service,
        @Nullable String releaseId,
        List<String> ticketIds,
        @Nullable String company,
        List<String> tags,
        @Nullable Severity severity,
        @Nullable Instant at,
        @Nullable String url,
        String actor,
        @Nullable String whatHappened,
        List<String> contributingFactors,
        @Nullable String whatWentWell,
        List<String> improvements,
        @Nullable String source,
        @Nullable String sourceId,
        @Nullable String product,
        List<String> categories,
        List<String> keywords,
        @Nullable Instant startTime,
        @Nullable Instant endTime,
        @Nullable String summary,
        @Nullable String body,
        @Nullable Instant importedAt,
        @Nullable Integer revisions,
        @Nullable Instant revisedAt,
        @Nullable String revisedBy) {
}
