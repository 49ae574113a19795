package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import io.aftermath.shared.ticket.Severity;

/**
 * Full-text search over lessons and imported post-mortems. Every filter may be null or empty. A document
 * matches every one of {@code tags}, and any one of {@code services}, {@code releaseIds} and
 * {@code severities} where these are given. A release id names one release exactly: only its lessons match
 * (an imported post-mortem belongs to none). {@code q} may be empty: then the filtered documents come newest
 * first. {@code offset} hits are skipped, for paging.
 */
public record SearchPostmortems(String q, List<String> services, List<String> releaseIds, List<String> tags,
                                List<Severity> severities, Instant from, Instant to, int limit, int offset) {

    public SearchPostmortems {
        services = services == null ? List.of() : List.copyOf(services);
        releaseIds = releaseIds == null ? List.of() : List.copyOf(releaseIds);
        tags = tags == null ? List.of() : List.copyOf(tags);
        severities = severities == null ? List.of() : List.copyOf(severities);
    }

    public SearchPostmortems(String q, String service, List<String> tags, Severity severity, Instant from, Instant to,
                             int limit, int offset) {
        this(q, service == null ? null : List.of(service), null, tags, severity == null ? null : List.of(severity),
                from, to, limit, offset);
    }

    public SearchPostmortems(String q, String service, List<String> tags, Severity severity, Instant from, Instant to,
                             int limit) {
        this(q, service, tags, severity, from, to, limit, 0);
    }
}
