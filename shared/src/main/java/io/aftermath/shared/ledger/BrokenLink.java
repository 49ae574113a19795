package io.aftermath.shared.ledger;

/** The first place where the stored log stops proving itself. */
public record BrokenLink(long position, String aggregateId, long sequence, String eventId, String problem) {
}
