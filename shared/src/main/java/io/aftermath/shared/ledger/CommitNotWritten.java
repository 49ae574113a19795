package io.aftermath.shared.ledger;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/** A commit the store refused or could not take (a failed write, a store closing): nothing of it was stored. */
public class CommitNotWritten extends EventStoreException {

    public CommitNotWritten(String message) {
        super(message);
    }
}
