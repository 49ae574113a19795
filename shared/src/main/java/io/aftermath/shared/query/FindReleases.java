package io.aftermath.shared.query;

/** Releases, most recently deployed first, from the {@code offset}-th; {@code service} may be null (no filter). */
public record FindReleases(String service, int offset, int limit) {
}
