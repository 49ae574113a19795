package io.aftermath.shared.query;

public record FindRelease(String releaseId) {
}
