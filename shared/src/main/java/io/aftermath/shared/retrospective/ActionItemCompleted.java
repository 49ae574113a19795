package io.aftermath.shared.retrospective;

import java.time.Instant;

public record ActionItemCompleted(
        String releaseId,
        String actionItemId,
        String note,
        String actor,
        Instant at) {
}
