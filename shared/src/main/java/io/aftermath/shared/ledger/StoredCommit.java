package io.aftermath.shared.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A commit document as read back, holding one commit or several written together: events
 * [position, end) in one atomic unit, or a void over those positions, which holds no event (see
 * {@link LedgerSchema}).
 */
record StoredCommit(long position, int count, Instant committedAt, boolean isVoid, List<EventDocument> events,
                    List<Integer> commitSizes) {

    long end() {
        return position + count;
    }

    /**
     * Where the commit holding {@code eventPosition} (one of this document's) ends. Without sizes that
     * add up to the document's count, the whole document is one commit.
     */
    long endOfCommitHolding(long eventPosition) {
        if (commitSizes.stream().mapToLong(Integer::longValue).sum() != count) {
            return end();
        }
        long commitEnd = position;
        for (int size : commitSizes) {
            commitEnd += size;
            if (eventPosition < commitEnd) {
                return commitEnd;
            }
        }
        return end();
    }

    /** This document's events of one stream, in sequence order (positions follow sequences within a stream). */
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
