package io.aftermath.query.web;

import java.util.Optional;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.query.FindTimeline;
import io.aftermath.shared.query.Timeline;

import reactor.core.publisher.Mono;

/**
 * Whether the read side knows a release, for reads that would otherwise answer an unknown one with an empty
 * result forever: by its timeline, once the timelines have processed every event below {@code after}, so a
 * client naming the position of the release's registration is not refused because the projection lags.
 * <p>
 * A client that names no position (or an earlier one) may still have just registered the release: a release
 * not found is therefore looked up once more after the timelines have reached the log's head, and refused only
 * if it is unknown there too. Only unknown releases pay for that head read.
 */
@Component
class KnownReleases {

    private final QueryGateway queries;
    private final Reads reads;
    private final StoreReads storeReads;
    private final ProjectionProgress progress;
    private final MongoLedgerStorageEngine ledger;

    KnownReleases(QueryGateway queries, Reads reads, StoreReads storeReads, ProjectionProgress progress,
                  MongoLedgerStorageEngine ledger) {
        this.queries = queries;
        this.reads = reads;
        this.storeReads = storeReads;
        this.progress = progress;
        this.ledger = ledger;
    }

    /**
     * Whether the timelines know the release as they stand (true), or {@code RELEASE_NOT_FOUND} when they do not
     * then nor once they reached the log's head. If they could not reach the head in time, the release may be one
     * they have yet to see: false (stale), not a refusal. A caller's own {@code after} is its wait ({@link #caughtUp}),
     * made first, so the two waits do not add up.
     */
    Mono<Boolean> require(String releaseId) {
        return timeline(releaseId).flatMap(found -> found
                ? Mono.just(true)
                : storeReads.call(ledger::head)
                        .flatMap(head -> reads.caughtUp(head, this::served))
                        .flatMap(reachedHead -> timeline(releaseId).flatMap(foundAtHead -> foundAtHead
                                ? Mono.just(true)
                                : reachedHead ? Mono.error(notFound(releaseId)) : Mono.just(false))));
    }

    /**
     * Whether the timelines reached {@code after} in time, as {@link Reads#caughtUp}. Refused at once while the
     * store is out of sight, as the release's check after it would be: the wait only delayed that (tester 59: 5 s).
     */
    Mono<Boolean> caughtUp(long after) {
        return Mono.defer(() -> {
            storeReads.requireInSight();
            return reads.caughtUp(after, this::served);
        });
    }

    long served() {
        return progress.served(ProjectionNames.TIMELINES);
    }

    private Mono<Boolean> timeline(String releaseId) {
        return storeReads.ask(() -> queries.query(new FindTimeline(releaseId),
                        ResponseTypes.optionalInstanceOf(Timeline.class)))
                .map(Optional::isPresent);
    }

    static DomainRejection notFound(String releaseId) {
        return new DomainRejection(ErrorCode.RELEASE_NOT_FOUND, "No release " + releaseId);
    }
}
