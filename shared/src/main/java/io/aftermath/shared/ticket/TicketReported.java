package io.aftermath.shared.ticket;

import java.time.Instant;

public record TicketReported(
        String ticketId,
        String releaseId,
        String title,
        String description,
        String component,
        String reportedVia,
        String actor,
        Instant at) {
}
