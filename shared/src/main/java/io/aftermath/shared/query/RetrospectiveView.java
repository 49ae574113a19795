package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

/** @param actionItemsOverdue of the open ones, those past their due date */
public record RetrospectiveView(
        boolean closed,
        @Nullable String summary,
        @Nullable Instant closedAt,
        List<LessonView> lessons,
        List<ActionItemView> actionItems,
        int actionItemsOpen,
        int actionItemsDone,
        int actionItemsOverdue) {
}
