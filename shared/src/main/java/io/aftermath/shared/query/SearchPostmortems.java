package io.aftermath.shared.query;

import java.time.Instant;

import io.aftermath.shared.ticket.Severity;

/**
 * Full-text search over lessons and imported post-mortems. Every filter may be null. {@code q} may be
 * empty: then the filtered documents come newest first. {@code offset} hits are skipped, for paging.
 */
public record SearchPostmortems(String q, String service, String tag, Severity severity, Instant from, Instant to,
                                int limit, int offset) {

    public SearchPostmortems(String q, String service, String tag, Severity severity, Instant from, Instant to,
                             int limit) {
        this(q, service, tag, severity, from, to, limit, 0);
    }
}
