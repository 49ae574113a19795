package io.aftermath.shared.query;

/** Releases, most recently deployed first; {@code service} may be null (no filter). */
public record FindReleases(String service, int limit) {
}
