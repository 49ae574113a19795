package io.aftermath.command.web.postmortem;

import java.util.ArrayList;
import java.util.List;

/** What became of one entry; folded into an {@link ImportReport}. */
record ImportOutcome(String entry, Kind kind, String code, String message, List<String> warnings, long position) {

    enum Kind { IMPORTED, REVISED, SKIPPED, FAILED }

    static ImportOutcome imported(String entry, List<String> warnings, long position) {
        return new ImportOutcome(entry, Kind.IMPORTED, null, null, warnings, position);
    }

    static ImportOutcome revised(String entry, List<String> warnings, long position) {
        return new ImportOutcome(entry, Kind.REVISED, null, null, warnings, position);
    }

    static ImportOutcome skipped(String entry) {
        return skipped(entry, List.of());
    }

    static ImportOutcome skipped(String entry, List<String> warnings) {
        return new ImportOutcome(entry, Kind.SKIPPED, null, null, warnings, -1);
    }

    static ImportOutcome failed(String entry, String code, String message) {
        return new ImportOutcome(entry, Kind.FAILED, code, message, List.of(), -1);
    }

    static ImportReport report(List<ImportOutcome> outcomes) {
        int imported = 0;
        int revised = 0;
        int skipped = 0;
        List<ImportReport.EntryError> errors = new ArrayList<>();
        List<ImportReport.EntryWarning> warnings = new ArrayList<>();
        for (ImportOutcome outcome : outcomes) {
            switch (outcome.kind()) {
                case IMPORTED -> imported++;
                case REVISED -> revised++;
                case SKIPPED -> skipped++;
                case FAILED -> errors.add(
                        new ImportReport.EntryError(outcome.entry(), outcome.code(), outcome.message()));
            }
            outcome.warnings().forEach(
                    warning -> warnings.add(new ImportReport.EntryWarning(outcome.entry(), warning)));
        }
        return new ImportReport(imported, skipped, revised, errors, warnings);
    }

    /** The highest log position an imported or revised entry reached, or -1 when nothing was appended. */
    static long position(List<ImportOutcome> outcomes) {
        return outcomes.stream().mapToLong(ImportOutcome::position).max().orElse(-1);
    }
}
