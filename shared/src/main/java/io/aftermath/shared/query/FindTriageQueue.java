package io.aftermath.shared.query;

/** Open tickets in triage order; {@code releaseId} and {@code service} may be null (no filter). */
public record FindTriageQueue(String releaseId, String service, int limit) {
}
