package io.aftermath.shared.retrospective;

import java.time.Instant;

public record RetrospectiveClosed(
        String releaseId,
        String summary,
        String actor,
        Instant at) {
}
