package io.aftermath.shared.ledger;

import java.util.Optional;

/**
 * What a verification looked at and where, if anywhere, the chain broke. {@code voidPositions}
 * counts positions that hold a void instead of an event (see {@link LedgerSchema}): none in a log
 * whose every sealed commit got written.
 */
public record VerificationReport(long commitsChecked, long eventsChecked, long voidPositions,
                                 Optional<BrokenLink> firstBrokenLink) {

    public boolean intact() {
        return firstBrokenLink.isEmpty();
    }
}
