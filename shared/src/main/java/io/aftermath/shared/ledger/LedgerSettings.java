package io.aftermath.shared.ledger;

/**
 * Tuning of the ledger store.
 *
 * @param trackingWindow positions asked for per tracking read (one {@code $in} of this many keys)
 * @param streamWindow   sequence numbers asked for per stream read (grows while the stream goes on)
 * @param maxBatchCommits most commits one group commit writes with one {@code insertMany}
 * @param tailCacheSize  streams whose last hash is kept in memory
 * @param maxRetries     attempts for a batch whose outcome the server left unknown
 */
public record LedgerSettings(int trackingWindow, int streamWindow, int maxBatchCommits, int tailCacheSize,
                             int maxRetries) {

    public static LedgerSettings defaults() {
        return new LedgerSettings(128, 16, 512, 100_000, 5);
    }
}
