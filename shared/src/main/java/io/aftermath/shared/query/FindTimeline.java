package io.aftermath.shared.query;

/** The retrospective timeline of a release with its hotfixes (and theirs) folded in. */
public record FindTimeline(String releaseId) {
}
