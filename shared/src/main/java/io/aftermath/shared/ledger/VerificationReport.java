package io.aftermath.shared.ledger;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a verification looked at and where, if anywhere, the chain broke. {@code voidPositions}
 * counts positions that hold a void instead of an event (see {@link LedgerSchema}): none in a log
 * whose every sealed commit got written. {@code inFlightAt}: the check ended at this position, empty
 * behind a commit recorded moments ago, so perhaps a commit still being written; what lies beyond it
 * was not checked. {@code checkpoint}: of the whole log as far as the check went, when no link broke.
 */
public record VerificationReport(long commitsChecked, long eventsChecked, long voidPositions,
                                 Optional<BrokenLink> firstBrokenLink, OptionalLong inFlightAt,
                                 Optional<Checkpoint> checkpoint) {

    public VerificationReport(long commitsChecked, long eventsChecked, long voidPositions,
                              Optional<BrokenLink> firstBrokenLink) {
        this(commitsChecked, eventsChecked, voidPositions, firstBrokenLink, OptionalLong.empty(), Optional.empty());
    }

    static VerificationReport reaching(long commitsChecked, long eventsChecked, long voidPositions,
                                       Checkpoint checkpoint, boolean inFlight) {
        return new VerificationReport(commitsChecked, eventsChecked, voidPositions, Optional.empty(),
                inFlight ? OptionalLong.of(checkpoint.position()) : OptionalLong.empty(), Optional.of(checkpoint));
    }

    /** This report, found broken at {@code link} instead. */
    public VerificationReport brokenAt(BrokenLink link) {
        return new VerificationReport(commitsChecked, eventsChecked, voidPositions, Optional.of(link),
                OptionalLong.empty(), Optional.empty());
    }

    /**
     * This report, broken where the log ends if that is before {@code head}, a head read before the check
     * began: what stood there then and is gone was removed from the log's end (tester 34, tester 35: the
     * check said intact, its checkpoint short of the head the node knew). A check that stopped at a commit
     * perhaps still being written is left as it is.
     */
    public VerificationReport endingBefore(long head) {
        if (!intact() || inFlightAt.isPresent() || checkpoint.isEmpty() || checkpoint.get().position() >= head) {
            return this;
        }
        long reached = checkpoint.get().position();
        return brokenAt(new BrokenLink(reached, null, -1, null, "the log ends at position " + reached
                + ", before position " + head + ", which it had reached when the check began: commits were "
                + "removed from its end"));
    }

    /**
     * This report, broken at {@code hole} instead where the log has one before any link found broken: a
     * check that stopped at the first empty position (the head, for a node that read it there) would
     * take a log missing a commit for one that ends there (tester 37).
     */
    public VerificationReport withHole(Optional<LedgerHole> hole) {
        return withBreak(hole.map(LedgerHole::brokenLink));
    }

    /** This report, or one broken at {@code link} where that lies before its own first broken link. */
    public VerificationReport withBreak(Optional<BrokenLink> link) {
        return link.filter(other -> firstBrokenLink.map(own -> other.position() < own.position()).orElse(true))
                .map(this::brokenAt).orElse(this);
    }

    public boolean intact() {
        return firstBrokenLink.isEmpty();
    }
}
