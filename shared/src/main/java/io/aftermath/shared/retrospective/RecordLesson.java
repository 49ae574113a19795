package io.aftermath.shared.retrospective;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.aftermath.shared.text.Distinct;

/** A blameless lesson of a release's retrospective: systems and decisions, not culprits. */
public record RecordLesson(
        @TargetAggregateIdentifier String releaseId,
        String lessonId,
        String title,
        String whatHappened,
        List<String> contributingFactors,
        String whatWentWell,
        List<String> improvements,
        List<String> ticketIds,
        List<String> tags,
        String actor,
        Instant at) {

    public RecordLesson {
        contributingFactors = contributingFactors == null ? List.of() : List.copyOf(contributingFactors);
        improvements = improvements == null ? List.of() : List.copyOf(improvements);
        ticketIds = Distinct.of(ticketIds);
        tags = Distinct.tags(tags);
    }
}
