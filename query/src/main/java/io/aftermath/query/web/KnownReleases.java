package io.aftermath.query.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.query.FindTimeline;
import io.aftermath.shared.query.Timeline;

import reactor.core.publisher.Mono;

/**
 * Whether the read side knows a release, for reads that would otherwise answer an unknown one with an empty
 * result forever: by its timeline, once the timelines have processed every event below {@code after}, so a
 * client naming the position of the release's registration is not refused because the projection lags.
 */
@Component
class KnownReleases {

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;

    KnownReleases(QueryGateway queries, Reads reads, ProjectionProgress progress) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
    }

    /**
     * Whether the timelines reached {@code after} in time (as {@link Reads#caughtUp}), or {@code RELEASE_NOT_FOUND}
     * when the release has no timeline then.
     */
    Mono<Boolean> require(String releaseId, long after) {
        return reads.caughtUp(after, () -> progress.served(ProjectionNames.TIMELINES))
                .flatMap(caughtUp -> Reads.ask(() -> queries.query(new FindTimeline(releaseId),
                                ResponseTypes.optionalInstanceOf(Timeline.class)))
                        .flatMap(found -> found.isPresent() ? Mono.just(caughtUp) : Mono.error(notFound(releaseId))));
    }

    static DomainRejection notFound(String releaseId) {
        return new DomainRejection(ErrorCode.RELEASE_NOT_FOUND, "No release " + releaseId);
    }
}
