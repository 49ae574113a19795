package io.aftermath.shared.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A commit document as read back: events [position, end) in one atomic unit, or a void over those
 * positions, which holds no event (see {@link LedgerSchema}).
 */
record StoredCommit(long position, int count, Instant committedAt, boolean isVoid, List<EventDocument> events) {

    long end() {
        return position + count;
    }

    /** This commit's events of one stream, in sequence order (a commit holds each stream's events contiguously). */
    List<EventDocument> eventsOf(String aggregateId) {
        List<EventDocument> chunk = new ArrayList<>();
        for (EventDocument event : events) {
            if (aggregateId.equals(event.aggregateId())) {
                chunk.add(event);
            }
        }
        return chunk;
    }
}
