package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

/** A lesson as recorded, its text whole: a team that finds it by search reads it here. */
public record LessonView(
        String lessonId,
        String title,
        String whatHappened,
        List<String> contributingFactors,
        @Nullable String whatWentWell,
        List<String> improvements,
        List<String> tags,
        List<String> ticketIds,
        String actor,
        Instant at) {
}
