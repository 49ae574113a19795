package io.aftermath.shared.ticket;

import java.time.Instant;

public record TicketReopened(
        String ticketId,
        String releaseId,
        String reason,
        String observedIn,
        String actor,
        Instant at) {
}
