package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

/**
 * @param total how many open tickets match the filter (the items are the first {@code limit} of them)
 * @param asOf  the instant the SLA breaches were computed at
 */
public record TriageQueue(List<TriageItem> items, int total, Instant asOf) {
}
