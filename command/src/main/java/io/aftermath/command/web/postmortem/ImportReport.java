package io.aftermath.command.web.postmortem;

import java.util.List;

/**
 * What an import did: post-mortems imported, post-mortems skipped because they were imported before
 * (same identity, same id) with the same content or repeat an earlier entry of the same upload,
 * post-mortems revised because they were imported before with other content, and every entry that
 * could not be imported, with why. Warnings
 * name what was guessed or cleaned for an imported entry (a title taken from a heading, control
 * characters removed).
 */
public record ImportReport(int imported, int skipped, int revised, List<EntryError> errors,
                           List<EntryWarning> warnings) {

    public ImportReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** {@code entry} is the file name, the line number, or both; {@code code} an {@code ErrorCode} name. */
    public record EntryError(String entry, String code, String message) {
    }

    public record EntryWarning(String entry, String message) {
    }
}
