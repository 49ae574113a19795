package io.aftermath.shared.ledger;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A caller's events, encoded and queued for the writer; completed with the position of the first. */
record PendingCommit(List<PendingEvent> events, CompletableFuture<Long> acknowledged) {

    static PendingCommit of(List<PendingEvent> events) {
        return new PendingCommit(List.copyOf(events), new CompletableFuture<>());
    }

    boolean touches(java.util.Set<String> aggregateIds) {
        for (PendingEvent event : events) {
            if (aggregateIds.contains(event.aggregateId())) {
                return true;
            }
        }
        return false;
    }

    void refuse(RuntimeException why) {
        acknowledged.completeExceptionally(why);
    }
}
