package io.aftermath.query.search;

import io.aftermath.query.projection.BatchGates;
import io.aftermath.query.projection.ProjectionNames;

/**
 * Brackets each batch of the search processor in its gate ({@link BatchGates}), from the first event the batch
 * takes from the log ({@link SearchEventSource}) to the commit that ends it ({@link IndexTokenStore}), so a
 * rebuild's switch holds the processor between two batches. A transaction cannot bracket them: given a transaction
 * manager, Axon stores the processor's token, which is the index's commit, before the batch's handlers run. A batch
 * that fails ends as the processor closes its stream, to start again from the last commit.
 * <p>
 * Used by the processor's one thread only.
 */
public final class SearchBatches {

    private final BatchGates gates;
    private boolean inBatch;

    public SearchBatches(BatchGates gates) {
        this.gates = gates;
    }

    /** An event is about to be taken: the first of a batch waits while the gate is closed. */
    void taking() {
        if (!inBatch) {
            gates.enter(ProjectionNames.SEARCH);
            inBatch = true;
        }
    }

    /**
     * Makes the commit that waits for the commit interval, if any, to the disk if {@code sync} or its sync is due
     * ({@link SearchIndex#commitReached}), inside the gate as a batch would: a switch holding the processor must find
     * the index where the processor stands.
     */
    void commitWaiting(SearchIndex index, boolean sync) {
        boolean entering = !inBatch;
        if (entering) {
            gates.enter(ProjectionNames.SEARCH);
        }
        try {
            index.commitReached(sync);
        } finally {
            if (entering) {
                gates.leave(ProjectionNames.SEARCH);
            }
        }
    }

    /** The batch committed, or failed. */
    void ended() {
        if (inBatch) {
            inBatch = false;
            gates.leave(ProjectionNames.SEARCH);
        }
    }
}
