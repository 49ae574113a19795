package io.aftermath.shared.postmortem;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An imported post-mortem imported again with content other than it holds: the same document (same
 * source, same id there), corrected or extended since.
 */
public record RevisePostmortem(
        @TargetAggregateIdentifier String postmortemId,
        PostmortemContent content,
        String actor,
        Instant at) {
}
