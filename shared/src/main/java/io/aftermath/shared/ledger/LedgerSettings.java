package io.aftermath.shared.ledger;

/**
 * Tuning of the ledger store.
 *
 * @param trackingWindow  positions asked for by a tracking read's first window (one {@code $in} of this
 *                        many keys); doubles, up to 1,024, while windows come back full
 * @param streamWindow    sequence numbers asked for per stream read (grows while the stream goes on)
 * @param maxBatchCommits most commits one group commit writes with one {@code insertMany}
 * @param commitsPerDocument most commits of a group commit that share one document; a stream read
 *                        also reads the other commits of each document it finds
 * @param tailCacheSize   streams whose last hash is kept in memory
 * @param maxRetries      attempts for a batch whose outcome the server left unknown
 * @param pipelineDepth   batches a node may have in flight at once. Above 1 only where this node is
 *                        the log's only writer (the embedded server): with another writer, a batch
 *                        failing on a taken position could not be moved without overlapping the
 *                        later batches already written (see {@link CommitAppender})
 * @param pipelineWindow  positions past the durable head within which every batch in flight starts;
 *                        also how far a starting node looks past the head for commits that a crash
 *                        left behind an unwritten one
 */
public record LedgerSettings(int trackingWindow, int streamWindow, int maxBatchCommits, int commitsPerDocument,
                             int tailCacheSize, int maxRetries, int pipelineDepth, int pipelineWindow) {

    /** For a log other nodes may write too (a shared MongoDB): one batch in flight at a time. */
    public static LedgerSettings defaults() {
        return new LedgerSettings(128, 16, 512, 16, 100_000, 5, 1, 1024);
    }

    /**
     * For a log this node alone writes (the embedded server): three batches in flight, which measured
     * 1.1 to 2.1 times (mostly 1.5 to 1.9) the appends of one at four concurrent writers, in the same
     * runs (docs/benchmarks.md).
     */
    public static LedgerSettings soleWriter() {
        return defaults().withPipelineDepth(3);
    }

    public LedgerSettings withPipelineDepth(int depth) {
        return new LedgerSettings(trackingWindow, streamWindow, maxBatchCommits, commitsPerDocument, tailCacheSize,
                maxRetries, depth, pipelineWindow);
    }

    public LedgerSettings withCommitsPerDocument(int commits) {
        return new LedgerSettings(trackingWindow, streamWindow, maxBatchCommits, commits, tailCacheSize, maxRetries,
                pipelineDepth, pipelineWindow);
    }
}
