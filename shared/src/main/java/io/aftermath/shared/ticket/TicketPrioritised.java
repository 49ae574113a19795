package io.aftermath.shared.ticket;

import java.time.Instant;

/** Every (re-)prioritisation is its own event, so severity history is kept; previousPriority is null the first time. */
public record TicketPrioritised(
        String ticketId,
        Severity severity,
        Urgency urgency,
        Priority priority,
        Priority previousPriority,
        String reason,
        String actor,
        Instant at) {
}
