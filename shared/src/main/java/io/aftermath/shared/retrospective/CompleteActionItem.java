package io.aftermath.shared.retrospective;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteActionItem(
        @TargetAggregateIdentifier String releaseId,
        String actionItemId,
        String note,
        String actor,
        Instant at) {
}
