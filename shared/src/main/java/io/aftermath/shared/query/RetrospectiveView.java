package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

/** @param actionItemsOverdue of the open ones, those past their due date */
public record RetrospectiveView(boolean closed, String summary, Instant closedAt, List<LessonView> lessons,
                                List<ActionItemView> actionItems, int actionItemsOpen, int actionItemsDone,
                                int actionItemsOverdue) {
}
