package io.aftermath.shared.query;

/** The release as it stood before log position {@code end}, folded from the log itself. */
public record FindReleaseAsOf(String releaseId, long end) {
}
