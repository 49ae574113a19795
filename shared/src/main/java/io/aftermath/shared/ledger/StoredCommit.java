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
     * Whether the document's {@code commitSizes} divide its events into commits: absent (one commit), or
     * sizes of at least one adding up to its count. {@code commitSizes} is null where the stored field
     * is no array of integers.
     */
    boolean commitSizesAgree() {
        return commitSizes != null && (commitSizes.isEmpty()
                || commitSizes.stream().allMatch(size -> size > 0)
                && commitSizes.stream().mapToLong(Integer::longValue).sum() == count);
    }

    /**
     * Where the commit holding {@code eventPosition} (one of this document's) ends. Without sizes that
     * divide the document's events, the whole document is one commit.
     */
    long endOfCommitHolding(long eventPosition) {
        if (!commitSizesAgree() || commitSizes.isEmpty()) {
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
