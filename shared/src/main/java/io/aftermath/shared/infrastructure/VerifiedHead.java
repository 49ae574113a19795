package io.aftermath.shared.infrastructure;

import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ledger.VerificationReport;

/**
 * The log below the head, verified as backups and checkpoints publish it: the head is read first, so
 * commits removed from the log's end since show as a log ending before it, and a log with a commit
 * missing where the head read stopped is broken there, not a shorter log that ends there.
 */
record VerifiedHead(long head, VerificationReport report) {

    static VerifiedHead of(MongoLedgerStorageEngine engine, LedgerVerifier verifier) {
        long head = engine.head();
        return new VerifiedHead(head, verifier.verifyBefore(head).endingBefore(head).withHole(engine.holeAt(head)));
    }
}
