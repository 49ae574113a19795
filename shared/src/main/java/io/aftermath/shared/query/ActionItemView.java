package io.aftermath.shared.query;

import java.time.Instant;
import java.time.LocalDate;

import org.springframework.lang.Nullable;

/** @param overdue not done, and its due date (UTC) is over: it was due by the end of that day */
public record ActionItemView(
        String actionItemId,
        String title,
        String owner,
        @Nullable LocalDate dueDate,
        @Nullable String lessonId,
        boolean done,
        @Nullable Instant completedAt,
        @Nullable String note,
        boolean overdue) {
}
