package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AssignTicket(
        @TargetAggregateIdentifier String ticketId,
        String assignee,
        String actor,
        Instant at) {
}
