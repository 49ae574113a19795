package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record Prioritise(
        @TargetAggregateIdentifier String ticketId,
        Severity severity,
        Urgency urgency,
        String reason,
        String actor,
        Instant at) {
}
