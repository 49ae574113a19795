package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The actor is the reporter. {@code component} and {@code reportedVia} may be null. */
public record ReportTicket(
        @TargetAggregateIdentifier String ticketId,
        String releaseId,
        String title,
        String description,
        String component,
        String reportedVia,
        String actor,
        Instant at) {
}
