package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code observedIn} names the release where the problem was seen again, if known. */
public record Reopen(
        @TargetAggregateIdentifier String ticketId,
        String reason,
        String observedIn,
        String actor,
        Instant at) {
}
