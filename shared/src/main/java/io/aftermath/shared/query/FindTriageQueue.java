package io.aftermath.shared.query;

/**
 * Open tickets in triage order; {@code releaseId} and {@code service} may be null (no filter). The first
 * {@code offset} tickets that pass are skipped, for paging.
 */
public record FindTriageQueue(String releaseId, String service, TriageFilter filter, int offset, int limit) {

    public FindTriageQueue {
        filter = filter == null ? TriageFilter.NONE : filter;
    }

    public FindTriageQueue(String releaseId, String service, int limit) {
        this(releaseId, service, TriageFilter.NONE, 0, limit);
    }
}
