package io.aftermath.shared.ledger;

import java.util.Optional;

/** What a verification looked at and where, if anywhere, the chain broke. */
public record VerificationReport(long commitsChecked, long eventsChecked, Optional<BrokenLink> firstBrokenLink) {

    public boolean intact() {
        return firstBrokenLink.isEmpty();
    }
}
