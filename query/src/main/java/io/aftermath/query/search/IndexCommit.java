package io.aftermath.query.search;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What a commit of the search index records beside its documents, in Lucene's commit user data.
 *
 * @param position     every event before it is in the index
 * @param format       how its documents are written ({@link SearchIndex#FORMAT_VERSION})
 * @param store        the {@link io.aftermath.shared.ledger.LedgerIdentity} id of the log it was built from;
 *                     null if it names none
 * @param lastEvent    the identifier of the event at {@code position - 1}, the last one the processor took;
 *                     null at position 0, or if it names none
 * @param rebuildingTo the log's head when the index started from the beginning of a log that already held
 *                     events; until {@code position} reaches it searches miss some of them, and say so. 0
 *                     once reached, or when there was nothing to catch up with
 */
record IndexCommit(long position, int format, String store, String lastEvent, long rebuildingTo) {

    static final String POSITION = "position";
    static final String FORMAT = "format";
    static final String STORE = "store";
    static final String LAST_EVENT = "lastEvent";
    static final String REBUILDING_TO = "rebuildingTo";

    /** An index never committed is written in this version's format from the start; one before formats, in 1. */
    static IndexCommit read(Iterable<Map.Entry<String, String>> userData) {
        Map<String, String> data = new HashMap<>();
        if (userData != null) {
            userData.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        }
        return new IndexCommit(Long.parseLong(data.getOrDefault(POSITION, "0")),
                data.isEmpty() ? SearchIndex.FORMAT_VERSION : Integer.parseInt(data.getOrDefault(FORMAT, "1")),
                data.get(STORE), data.get(LAST_EVENT), Long.parseLong(data.getOrDefault(REBUILDING_TO, "0")));
    }

    Iterable<Map.Entry<String, String>> userData() {
        Map<String, String> data = new HashMap<>(Map.of(POSITION, Long.toString(position),
                FORMAT, Integer.toString(format), STORE, store, REBUILDING_TO, Long.toString(rebuildingTo)));
        if (lastEvent != null) {
            data.put(LAST_EVENT, lastEvent);
        }
        return data.entrySet();
    }

    /**
     * Why this index cannot show the log {@code storeId} names, whose head is {@code head} and which holds
     * the events {@code eventIdAt} names; else empty. The store's identity survives a restored backup, so a
     * backup older than the index, written past the index's position since, passes the other checks: its
     * events from the backup's head on are not those the index holds.
     */
    Optional<String> unfitFor(String storeId, long head, LongFunction<Optional<String>> eventIdAt) {
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
        if (position > 0 && lastEvent == null) {
            return Optional.of("names no event it ends at (an earlier version built it), so it cannot be checked"
                    + " against the log");
        }
        if (position > 0 && !eventIdAt.apply(position - 1).equals(Optional.of(lastEvent))) {
            return Optional.of("ends at event " + lastEvent + ", which the log does not hold at position "
                    + (position - 1) + " (the store was restored from an older backup, and written since)");
        }
        return Optional.empty();
    }
}
