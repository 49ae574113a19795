package io.aftermath.shared.ticket;

import java.time.Instant;

public record TicketAssigned(
        String ticketId,
        String assignee,
        String actor,
        Instant at) {
}
