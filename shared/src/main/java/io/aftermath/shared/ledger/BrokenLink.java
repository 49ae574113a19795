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

    /** Commits from {@code position} on that cannot be read as the ledger writes them: changed by hand. */
    public static BrokenLink unreadableFrom(long position, RuntimeException unreadable) {
        return new BrokenLink(position, null, -1, null, "a commit from position " + position
                + " on is not stored as the ledger writes it: " + unreadable.getMessage());
    }
}
