package io.aftermath.shared.query;

/**
 * The retrospective timeline of a release with its hotfixes (and theirs) folded in, with a window of its
 * entries: a long release tells thousands of moments, megabytes of them, where a page shows a few.
 */
public record FindTimeline(String releaseId, Window entries) {

    /** The whole timeline. */
    public FindTimeline(String releaseId) {
        this(releaseId, Window.ALL);
    }
}
