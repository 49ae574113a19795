package io.aftermath.shared.retrospective;

import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code dueDate} and {@code lessonId} may be null. */
public record AddActionItem(
        @TargetAggregateIdentifier String releaseId,
        String actionItemId,
        String title,
        String owner,
        LocalDate dueDate,
        String lessonId,
        String actor,
        Instant at) {
}
