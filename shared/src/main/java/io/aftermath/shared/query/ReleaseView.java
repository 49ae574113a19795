package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

/** A release with its health, its hotfix lineage, what users were told and its retrospective. */
public record ReleaseView(
        String releaseId,
        String service,
        String version,
        Instant deployedAt,
        Instant registeredAt,
        String hotfixOf,
        List<String> hotfixes,
        String notes,
        ReleaseHealth health,
        List<RegressionView> regressions,
        List<UserUpdateView> userUpdates,
        RetrospectiveView retrospective) {
}
