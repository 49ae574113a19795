package io.aftermath.command.postmortem.importing;

import java.util.Locale;
import java.util.Optional;

/** The formats an upload may hold, recognised by content type first, then by file name. */
public enum ImportFormat {
    MARKDOWN, NDJSON;

    /** {@code contentType} without parameters, e.g. {@code text/markdown}; either argument may be null. */
    public static Optional<ImportFormat> detect(String contentType, String fileName) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.equals("text/markdown") || type.equals("text/x-markdown")) {
            return Optional.of(MARKDOWN);
        }
        if (type.equals("application/x-ndjson") || type.equals("application/ndjson")) {
            return Optional.of(NDJSON);
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return Optional.of(MARKDOWN);
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }
}
