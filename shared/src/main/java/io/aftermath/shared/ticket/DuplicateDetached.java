package io.aftermath.shared.ticket;

import java.time.Instant;

/**
 * On the canonical ticket's stream when its duplicate is reopened, so its impact no longer counts the
 * duplicate's reporters, nor those of the duplicate's own duplicates (they stay with the duplicate).
 */
public record DuplicateDetached(
        String canonicalTicketId,
        String duplicateTicketId,
        String reason,
        String actor,
        Instant at) {
}
