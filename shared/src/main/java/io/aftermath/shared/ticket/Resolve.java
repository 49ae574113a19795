package io.aftermath.shared.ticket;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code fixedIn} names the release that carries the fix; required for HOTFIXED. */
public record Resolve(
        @TargetAggregateIdentifier String ticketId,
        Resolution resolution,
        String summary,
        String fixedIn,
        String actor,
        Instant at) {
}
