package io.aftermath.shared.postmortem;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A post-mortem written before Aftermath. The id is derived from the content at the edge, so importing
 * the same document twice hits the same stream and is refused by the event store.
 */
public record ImportPostmortem(
        @TargetAggregateIdentifier String postmortemId,
        String source,
        String sourceId,
        String title,
        String company,
        String product,
        List<String> categories,
        List<String> keywords,
        Instant startTime,
        Instant endTime,
        String summary,
        String body,
        String url,
        String actor,
        Instant at) {

    public ImportPostmortem {
        categories = categories == null ? List.of() : List.copyOf(categories);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
