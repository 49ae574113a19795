package io.aftermath.shared.ticket;

import java.time.Instant;

/** On the canonical ticket's stream, so its impact counts the duplicate's reporter. */
public record DuplicateAttached(
        String canonicalTicketId,
        String duplicateTicketId,
        String duplicateReporter,
        String actor,
        Instant at) {
}
