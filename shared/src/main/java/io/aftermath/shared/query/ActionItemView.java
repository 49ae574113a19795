package io.aftermath.shared.query;

import java.time.Instant;
import java.time.LocalDate;

/** @param overdue not done, and its due date (UTC) is over: it was due by the end of that day */
public record ActionItemView(String actionItemId, String title, String owner, LocalDate dueDate, String lessonId,
                             boolean done, Instant completedAt, String note, boolean overdue) {
}
