package io.aftermath.shared.ticket;

import java.time.Instant;

public record TicketResolved(
        String ticketId,
        String releaseId,
        Resolution resolution,
        String summary,
        String fixedIn,
        String actor,
        Instant at) {
}
