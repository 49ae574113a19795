package io.aftermath.shared.ledger;

import org.springframework.lang.Nullable;

/** The first place where the stored log stops proving itself. */
public record BrokenLink(
        long position,
        @Nullable String aggregateId,
        long sequence,
        @Nullable String eventId,
        String problem) {
}
