package io.aftermath.shared.ledger;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * A stream read found an event of the stream beyond one that is missing: a commit was removed from the
 * store. Loading the stream up to the gap would let a command decide on a truncated history and append
 * into the gap, so that the removed commit could never be put back.
 */
public class IncompleteStreamException extends EventStoreException {

    public IncompleteStreamException(String aggregateId, long missing, long later) {
        super("Stream " + aggregateId + " misses its event " + missing + " though it holds event " + later
                + ": a commit was removed from the store; put it back from a backup (GET /api/audit/verify names "
                + "its position)");
    }
}
