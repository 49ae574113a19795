package io.aftermath.shared.query;

import java.time.Instant;

import org.springframework.lang.Nullable;

/** @param observedIn null when the reopening did not say where the ticket was seen again */
public record RegressionView(String ticketId, String fixedIn, @Nullable String observedIn, Instant at) {
}
