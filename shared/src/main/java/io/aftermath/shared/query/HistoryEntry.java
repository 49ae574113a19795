package io.aftermath.shared.query;

import java.time.Instant;
import java.util.Map;

/**
 * One event in a ticket's history.
 *
 * @param position the event's place in the ledger
 * @param type     the event's name, e.g. {@code TicketPrioritised}
 * @param details  the event's own facts, by name (absent values left out)
 */
public record HistoryEntry(long position, String type, Instant at, String actor, Map<String, String> details) {
}
