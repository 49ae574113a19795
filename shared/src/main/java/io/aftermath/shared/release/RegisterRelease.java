package io.aftermath.shared.release;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code deployedAt}, {@code hotfixOf} and {@code notes} may be null; a missing deployedAt means "at". */
public record RegisterRelease(
        @TargetAggregateIdentifier String releaseId,
        String service,
        String version,
        Instant deployedAt,
        String hotfixOf,
        String notes,
        String actor,
        Instant at) {
}
