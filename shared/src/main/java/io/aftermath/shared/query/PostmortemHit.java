package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

import io.aftermath.shared.ticket.Severity;

/**
 * One search result.
 *
 * @param kind     {@code lesson} or {@code postmortem}
 * @param id       the lesson's or the post-mortem's id
 * @param snippet  HTML: the passage's plain text (a post-mortem's Markdown reduced to its text) escaped,
 *                 with the matched terms in {@code <b>…</b>}; without words, the summary's (or body's) start,
 *                 escaped the same way
 * @param service  the lesson's release's service, or the post-mortem's product
 * @param severity a lesson's most severe linked ticket; null for post-mortems
 * @param at       when the lesson was recorded, or when the imported incident started
 */
public record PostmortemHit(
        double score,
        String kind,
        String id,
        String title,
        @Nullable String snippet,
        @Nullable String service,
        @Nullable String releaseId,
        List<String> ticketIds,
        @Nullable String company,
        List<String> tags,
        @Nullable Severity severity,
        @Nullable Instant at,
        @Nullable String url) {
}
