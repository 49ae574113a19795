package io.aftermath.shared.release;

import java.time.Instant;

public record ReleaseRegistered(
        String releaseId,
        String service,
        String version,
        Instant deployedAt,
        String hotfixOf,
        String notes,
        String actor,
        Instant at) {
}
