package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import io.aftermath.shared.ticket.Severity;

/**
 * Full-text search over lessons and imported post-mortems. Every filter may be null; a document matches
 * every one of {@code tags}. {@code releaseId} names one release exactly: only its lessons match (an imported
 * post-mortem belongs to none). {@code q} may be empty: then the filtered documents come newest first.
 * {@code offset} hits are skipped, for paging.
 */
public record SearchPostmortems(String q, String service, String releaseId, List<String> tags, Severity severity,
                                Instant from, Instant to, int limit, int offset) {

    public SearchPostmortems {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public SearchPostmortems(String q, String service, List<String> tags, Severity severity, Instant from, Instant to,
                             int limit, int offset) {
        this(q, service, null, tags, severity, from, to, limit, offset);
    }

    public SearchPostmortems(String q, String service, List<String> tags, Severity severity, Instant from, Instant to,
                             int limit) {
        this(q, service, null, tags, severity, from, to, limit, 0);
    }
}
