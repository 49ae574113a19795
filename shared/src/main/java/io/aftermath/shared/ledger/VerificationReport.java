package io.aftermath.shared.ledger;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a verification looked at and where, if anywhere, the chain broke. {@code voidPositions}
 * counts positions that hold a void instead of an event (see {@link LedgerSchema}): none in a log
 * whose every sealed commit got written. {@code inFlightAt}: the check ended at this position, empty
 * behind a commit recorded moments ago, so perhaps a commit still being written; what lies beyond it
 * was not checked.
 */
public record VerificationReport(long commitsChecked, long eventsChecked, long voidPositions,
                                 Optional<BrokenLink> firstBrokenLink, OptionalLong inFlightAt) {

    public VerificationReport(long commitsChecked, long eventsChecked, long voidPositions,
                              Optional<BrokenLink> firstBrokenLink) {
        this(commitsChecked, eventsChecked, voidPositions, firstBrokenLink, OptionalLong.empty());
    }

    static VerificationReport endingInFlight(long commitsChecked, long eventsChecked, long voidPositions,
                                             long position) {
        return new VerificationReport(commitsChecked, eventsChecked, voidPositions, Optional.empty(),
                OptionalLong.of(position));
    }

    public boolean intact() {
        return firstBrokenLink.isEmpty();
    }
}
