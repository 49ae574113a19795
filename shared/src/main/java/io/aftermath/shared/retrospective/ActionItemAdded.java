package io.aftermath.shared.retrospective;

import java.time.Instant;
import java.time.LocalDate;

public record ActionItemAdded(
        String releaseId,
        String actionItemId,
        String title,
        String owner,
        LocalDate dueDate,
        String lessonId,
        String actor,
        Instant at) {
}
