package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

public record RetrospectiveView(boolean closed, String summary, Instant closedAt, List<LessonView> lessons,
                                List<ActionItemView> actionItems, int actionItemsOpen, int actionItemsDone) {
}
