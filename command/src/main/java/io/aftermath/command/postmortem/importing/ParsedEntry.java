package io.aftermath.command.postmortem.importing;

import java.util.List;

import io.aftermath.shared.error.ErrorCode;

/**
 * One entry of an upload (a Markdown file, an entry of a Markdown link list, an NDJSON line) as the
 * parser understood it: a post-mortem ready to import, with what was guessed on the way, the reason it
 * cannot be imported, or a repeat of an earlier entry of the same upload.
 */
public sealed interface ParsedEntry {

    /** Names the entry for the person who uploaded it: a file name, a line number or both. */
    String entry();

    record Valid(String entry, PostmortemDraft postmortem, List<String> warnings) implements ParsedEntry {

        public Valid {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * {@code MALFORMED_REQUEST} when the entry cannot be read, {@code POSTMORTEM_INVALID} when it was read
     * but is wrong, {@code UNSUPPORTED_MEDIA_TYPE} for a file of neither format.
     */
    record Invalid(String entry, ErrorCode code, String message) implements ParsedEntry {
    }

    /**
     * The same post-mortem as the entry named {@code first} of the same upload (a link list linking one
     * write-up twice): imported once, as that entry, and reported as skipped here.
     */
    record Repeat(String entry, String first) implements ParsedEntry {
    }
}
