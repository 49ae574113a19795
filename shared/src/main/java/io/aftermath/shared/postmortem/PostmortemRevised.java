package io.aftermath.shared.postmortem;

import java.time.Instant;

/**
 * An imported post-mortem's content replaced by a later import of the same document. Carries what the
 * first import recorded ({@code importedAt}, {@code importedBy}) so that a reader rebuilds the post-mortem
 * from this event alone; {@code revision} counts from 1.
 */
public record PostmortemRevised(
        String postmortemId,
        String source,
        String sourceId,
        PostmortemContent content,
        int revision,
        Instant importedAt,
        String importedBy,
        String actor,
        Instant at) {
}
