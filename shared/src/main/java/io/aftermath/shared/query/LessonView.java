package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

public record LessonView(String lessonId, String title, List<String> tags, List<String> ticketIds, String actor,
                         Instant at) {
}
