package io.aftermath.shared.infrastructure;

import org.bson.BsonInvalidOperationException;

import io.aftermath.shared.ledger.BrokenLink;
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
        VerificationReport report = verifier.verifyBefore(head).endingBefore(head);
        if (!report.intact()) {
            return new VerifiedHead(head, report);
        }
        try {
            return new VerifiedHead(head, report.withHole(engine.holeAt(head)));
        } catch (BsonInvalidOperationException unreadable) {
            // Past the head, where a commit changed by hand would otherwise fail the whole check (tester 39).
            return new VerifiedHead(head, report.brokenAt(BrokenLink.unreadableFrom(head, unreadable)));
        }
    }
}
