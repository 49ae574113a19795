package io.aftermath.shared.ticket;

import java.time.Instant;

/** A fixed problem seen again in the release that fixed it or a later release of the same service. */
public record RegressionDetected(
        String ticketId,
        String releaseId,
        String fixedIn,
        String observedIn,
        String actor,
        Instant at) {
}
