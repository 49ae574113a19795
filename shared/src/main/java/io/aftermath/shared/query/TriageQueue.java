package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

/**
 * @param total how many open tickets match the filters, on every page (the items are {@code limit} of them, from
 *              the query's {@code offset})
 * @param asOf  the instant the SLA breaches were computed at
 */
public record TriageQueue(List<TriageItem> items, int total, Instant asOf) {
}
