package io.aftermath.command.postmortem.importing;

import java.time.Instant;
import java.util.List;

import io.aftermath.shared.postmortem.ImportPostmortem;
import io.aftermath.shared.postmortem.PostmortemContent;
import io.aftermath.shared.postmortem.RevisePostmortem;

/** A post-mortem read from an upload and checked against {@link ImportLimits}; title and body are never blank. */
public record PostmortemDraft(
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
        String url) {

    public PostmortemDraft {
        categories = List.copyOf(categories);
        keywords = List.copyOf(keywords);
    }

    public ImportPostmortem toCommand(String postmortemId, String source, String actor, Instant at) {
        return new ImportPostmortem(postmortemId, source, sourceId, title, company, product, categories, keywords,
                startTime, endTime, summary, body, url, actor, at);
    }

    /** The draft as the new content of the post-mortem {@code postmortemId}, imported before from the same source. */
    public RevisePostmortem toRevision(String postmortemId, String actor, Instant at) {
        return new RevisePostmortem(postmortemId, new PostmortemContent(title, company, product, categories, keywords,
                startTime, endTime, summary, body, url), actor, at);
    }
}
