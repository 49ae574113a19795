package io.aftermath.shared.ledger;

import java.time.Instant;
import java.util.List;

import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;

/**
 * Run when a node starts, before it appends: a node that stopped with several batches in flight may
 * have left positions empty behind written, acknowledged commits, and readers stop at the first empty
 * position. Every batch in flight started within the pipeline window past the durable head, so a
 * commit beyond a hole lies within that window of it; each such hole gets a void. A void is only
 * ever inserted, never written over anything, so a commit that lands there first wins.
 */
final class HoleRepair {

    private static final Logger LOG = LoggerFactory.getLogger(HoleRepair.class);

    private final CommitLog commitLog;
    private final MongoCollection<RawBsonDocument> rawCommits;
    private final LedgerSettings settings;

    HoleRepair(CommitLog commitLog, LedgerSettings settings) {
        this.commitLog = commitLog;
        this.rawCommits = commitLog.collection().withDocumentClass(RawBsonDocument.class);
        this.settings = settings;
    }

    /** The head after filling the holes found from {@code head}, the first empty position, on. */
    long fillFrom(long head) {
        while (true) {
            List<StoredCommit> beyond = commitLog.startingIn(head, settings.pipelineWindow());
            if (beyond.isEmpty()) {
                return head;
            }
            StoredCommit next = beyond.get(0);
            if (next.position() > head) {
                fill(head, next);
            }
            head = commitLog.headFrom(head, settings.trackingWindow());
        }
    }

    private void fill(long from, StoredCommit next) {
        Instant committedAt = commitLog.containing(from - 1, settings.trackingWindow())
                .map(StoredCommit::committedAt).orElse(next.committedAt());
        String reason = "empty at start-up behind position " + next.position()
                + ": sealed by a writer that stopped before writing it";
        try {
            rawCommits.insertOne(CommitDocument.voidOf(from, (int) (next.position() - from),
                    committedAt.toEpochMilli(), reason));
            LOG.warn("Ledger positions {} to {} held nothing behind written commits; filled with a void",
                    from, next.position() - 1);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // A commit landed there after all: nothing to fill.
        }
    }
}
