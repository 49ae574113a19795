package io.aftermath.query.audit;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.ledger.BrokenLink;
import io.aftermath.shared.ledger.Checkpoint;
import io.aftermath.shared.ledger.VerificationReport;

/**
 * A whole-log verification against a checkpoint an auditor kept outside the store: {@code position}
 * alone answers the checkpoint of the log before it; with {@code digest}, a log that does not match
 * it there, or ends before it, is not intact. Only that catches a rewrite whose author recomputed the
 * hashes, or removed the last commits (see {@link Checkpoint}).
 */
record CheckpointCheck(@Nullable Long position, @Nullable String digest) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    static CheckpointCheck of(@Nullable Long position, @Nullable String given, @Nullable String releaseId) {
        String digest = QueryValue.of(given);
        if (digest != null) {
            digest = digest.toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(digest).matches()) {
                throw new InvalidParameter("digest", "must be a checkpoint's digest: 64 hexadecimal digits");
            }
            if (position == null) {
                throw new InvalidParameter("position", "must be given with digest: the position its checkpoint was taken at");
            }
        }
        if (position != null) {
            if (position < 0) {
                throw new InvalidParameter("position", "must be >= 0");
            }
            if (releaseId != null) {
                throw new InvalidParameter("position", "must not be given with releaseId: a checkpoint covers the whole log");
            }
        }
        return new CheckpointCheck(position, digest);
    }

    long end() {
        return position == null ? Long.MAX_VALUE : position;
    }

    /** The report, found broken where the log departs from the checkpoint; as it was when it cannot tell. */
    VerificationReport judge(VerificationReport report) {
        if (digest == null || !report.intact() || report.inFlightAt().isPresent()) {
            return report;
        }
        Checkpoint reached = report.checkpoint().orElseThrow();
        if (reached.position() < position) {
            return report.brokenAt(new BrokenLink(reached.position(), null, -1, null, "the log ends at position "
                    + reached.position() + ", before the checkpoint's position " + position
                    + ": commits were removed from its end, or the checkpoint is another log's"));
        }
        if (!reached.digest().equals(digest)) {
            return report.brokenAt(new BrokenLink(position, null, -1, null, "the events before position " + position
                    + " do not match the checkpoint's digest: they were rewritten, or the checkpoint is another log's"));
        }
        return report;
    }
}
