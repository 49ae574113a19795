package io.aftermath.shared.retrospective;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CloseRetrospective(
        @TargetAggregateIdentifier String releaseId,
        String summary,
        String actor,
        Instant at) {
}
