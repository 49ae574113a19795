package io.aftermath.shared.ledger;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last known event (sequence and hash) of recently used streams, so the appender can chain a new
 * event to its predecessor without reading it back. Entries are facts about immutable events, so a
 * stale entry is only incomplete, never wrong, and eviction order does not matter for correctness.
 */
final class StreamTails {

    record Tail(long sequence, String hash) {
    }

    private final Map<String, Tail> tails = new ConcurrentHashMap<>();
    private final int capacity;

    StreamTails(int capacity) {
        this.capacity = capacity;
    }

    Tail get(String aggregateId) {
        return tails.get(aggregateId);
    }

    void advance(String aggregateId, long sequence, String hash) {
        tails.merge(aggregateId, new Tail(sequence, hash),
                (known, seen) -> seen.sequence() > known.sequence() ? seen : known);
        if (tails.size() > capacity) {
            evictSome();
        }
    }

    private void evictSome() {
        int toEvict = Math.max(1, capacity / 10);
        Iterator<String> keys = tails.keySet().iterator();
        while (toEvict-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }
}
