package io.aftermath.shared.ticket;

import java.time.Instant;

/**
 * On the duplicate's stream. {@code canonicalTicketId} is the end of the chain at the time of marking
 * (the requested ticket may itself have been a duplicate).
 */
public record TicketMarkedDuplicate(
        String ticketId,
        String canonicalTicketId,
        String requestedCanonicalTicketId,
        String releaseId,
        String actor,
        Instant at) {
}
