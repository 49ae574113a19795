package io.aftermath.query.audit;

import java.util.Optional;
import java.util.stream.Stream;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import io.aftermath.shared.ledger.StoredEvent;
import io.aftermath.shared.query.FindReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf;

/**
 * Replays a release from the log itself, not from projections: every stored event before the cut is
 * read in position order and folded. It costs a pass over the log up to the cut (the ledger replays
 * about a hundred thousand events a second), which is the price of trusting nothing derived.
 */
@Component
class ReleaseReplay {

    private final LedgerEvents ledger;

    ReleaseReplay(LedgerEvents ledger) {
        this.ledger = ledger;
    }

    @QueryHandler
    Optional<ReleaseAsOf> handle(FindReleaseAsOf query) {
        ReleaseFold fold = new ReleaseFold(query.releaseId());
        long reached = 0;
        try (Stream<StoredEvent> log = ledger.before(query.end())) {
            for (StoredEvent event : (Iterable<StoredEvent>) log::iterator) {
                ledger.payload(event).ifPresent(payload -> fold.apply(payload, event.timestamp()));
                reached = event.position() + 1;
            }
        }
        if (reached < query.end()) {
            ledger.requireReadTo(reached, query.end());
        }
        return fold.found() ? Optional.of(fold.result(query.end())) : Optional.empty();
    }
}
