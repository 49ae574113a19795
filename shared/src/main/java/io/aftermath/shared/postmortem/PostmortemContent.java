package io.aftermath.shared.postmortem;

import java.time.Instant;
import java.util.List;

/**
 * What an imported post-mortem says, as opposed to where it came from (its source and its id there,
 * which make its identity): what a revision replaces.
 */
public record PostmortemContent(
        String title,
        String company,
        String product,
        List<String> categories,
        List<String> keywords,
        Instant startTime,
        Instant endTime,
        String summary,
        String body,
        String url) {

    public PostmortemContent {
        categories = categories == null ? List.of() : List.copyOf(categories);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    public static PostmortemContent of(PostmortemImported imported) {
        return new PostmortemContent(imported.title(), imported.company(), imported.product(), imported.categories(),
                imported.keywords(), imported.startTime(), imported.endTime(), imported.summary(), imported.body(),
                imported.url());
    }

    public static PostmortemContent of(ImportPostmortem command) {
        return new PostmortemContent(command.title(), command.company(), command.product(), command.categories(),
                command.keywords(), command.startTime(), command.endTime(), command.summary(), command.body(),
                command.url());
    }
}
