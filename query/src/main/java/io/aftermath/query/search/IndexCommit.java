package io.aftermath.query.search;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a commit of the search index records beside its documents, in Lucene's commit user data.
 *
 * @param position     every event before it is in the index
 * @param format       how its documents are written ({@link SearchIndex#FORMAT_VERSION})
 * @param store        the {@link io.aftermath.shared.ledger.LedgerIdentity} id of the log it was built from;
 *                     null if it names none
 * @param rebuildingTo the log's head when the index started from the beginning of a log that already held
 *                     events; until {@code position} reaches it searches miss some of them, and say so. 0
 *                     once reached, or when there was nothing to catch up with
 */
record IndexCommit(long position, int format, String store, long rebuildingTo) {

    static final String POSITION = "position";
    static final String FORMAT = "format";
    static final String STORE = "store";
    static final String REBUILDING_TO = "rebuildingTo";

    /** An index never committed is written in this version's format from the start; one before formats, in 1. */
    static IndexCommit read(Iterable<Map.Entry<String, String>> userData) {
        Map<String, String> data = new HashMap<>();
        if (userData != null) {
            userData.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        }
        return new IndexCommit(Long.parseLong(data.getOrDefault(POSITION, "0")),
                data.isEmpty() ? SearchIndex.FORMAT_VERSION : Integer.parseInt(data.getOrDefault(FORMAT, "1")),
                data.get(STORE), Long.parseLong(data.getOrDefault(REBUILDING_TO, "0")));
    }

    Iterable<Map.Entry<String, String>> userData() {
        return Map.of(POSITION, Long.toString(position), FORMAT, Integer.toString(format), STORE, store,
                REBUILDING_TO, Long.toString(rebuildingTo)).entrySet();
    }

    /** Why this index cannot show the log {@code storeId} names, whose head is {@code head}; else empty. */
    Optional<String> unfitFor(String storeId, long head) {
        if (store != null && !store.equals(storeId)) {
            return Optional.of("was built from another store (" + store + "; this ledger is " + storeId + ")");
        }
        if (store == null && position > 0) {
            return Optional.of("names no store (an earlier version built it), so it may show another log");
        }
        if (position > head) {
            return Optional.of("stands at position " + position + ", beyond the log's head " + head
                    + " (the store was replaced, or restored from an older backup)");
        }
        return Optional.empty();
    }
}
