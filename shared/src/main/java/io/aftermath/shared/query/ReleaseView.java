package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A release with its health, its hotfix lineage, what users were told and its retrospective.
 * <p>
 * {@code aggregateVersion}, the sequence number of the last event of its stream, is answered as the
 * {@code ETag}, not in the body; null for a view written before it was recorded.
 */
public record ReleaseView(
        String releaseId,
        String service,
        String version,
        Instant deployedAt,
        Instant registeredAt,
        @Nullable String hotfixOf,
        List<String> hotfixes,
        @Nullable String notes,
        ReleaseHealth health,
        List<RegressionView> regressions,
        List<UserUpdateView> userUpdates,
        RetrospectiveView retrospective,
        @JsonIgnore Long aggregateVersion) {
}
