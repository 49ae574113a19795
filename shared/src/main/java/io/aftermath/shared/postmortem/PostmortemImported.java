package io.aftermath.shared.postmortem;

import java.time.Instant;
import java.util.List;

public record PostmortemImported(
        String postmortemId,
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

    public PostmortemImported {
        categories = categories == null ? List.of() : List.copyOf(categories);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
