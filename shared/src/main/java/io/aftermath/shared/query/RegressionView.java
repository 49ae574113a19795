package io.aftermath.shared.query;

import java.time.Instant;

public record RegressionView(String ticketId, String fixedIn, String observedIn, Instant at) {
}
