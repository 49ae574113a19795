package io.aftermath.shared.ledger;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * A commit refused because the ledger stopped appending after a failure it cannot undo in place (its
 * journal or store failed): only a restart resumes appends. The message says whether the commit may be
 * stored anyway ("Stored but not durable, so a crash may lose it").
 */
public class AppendsStopped extends EventStoreException {

    public AppendsStopped(String message) {
        super(message);
    }
}
