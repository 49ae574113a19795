package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkDuplicate(
        @TargetAggregateIdentifier String ticketId,
        String canonicalTicketId,
        String actor,
        Instant at) {
}
