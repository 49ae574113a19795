package io.aftermath.shared.ledger;

import org.springframework.lang.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The first place where the stored log stops proving itself; written with its null members, as every answer. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BrokenLink(
        long position,
        @Nullable String aggregateId,
        long sequence,
        @Nullable String eventId,
        String problem) {
}
