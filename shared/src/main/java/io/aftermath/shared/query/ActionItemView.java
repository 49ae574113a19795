package io.aftermath.shared.query;

import java.time.Instant;
import java.time.LocalDate;

public record ActionItemView(String actionItemId, String title, String owner, LocalDate dueDate, String lessonId,
                             boolean done, Instant completedAt, String note) {
}
