package io.aftermath.shared.ledger;

/** A position the log has no commit at, though a commit starting at {@code nextCommit} lies beyond it. */
public record LedgerHole(long position, long nextCommit) {

    /** In the words {@link LedgerVerifier} reports it with. */
    public String problem() {
        return "no commit at position " + position + " but one at " + nextCommit;
    }

    public BrokenLink brokenLink() {
        return new BrokenLink(position, null, -1, null, problem());
    }
}
