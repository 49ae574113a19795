package io.aftermath.query.web;

import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.query.live.ClientChannel;
import io.aftermath.query.live.TimelineStreams;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.query.FindRelease;
import io.aftermath.shared.query.FindReleases;
import io.aftermath.shared.query.FindTimeline;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.query.Window;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Releases with their health, and a release's retrospective timeline (its hotfixes folded in), also
 * as a stream: {@code snapshot}, then {@code update} with the whole timeline whenever it changes, each
 * with the position it reflects as its {@code id}.
 */
@RestController
public class ReleaseReadController {

    private static final int MAX_RELEASES = 1000;
    private static final String HEALTH = "Health: counts by status and by priority (the latter leaves duplicates out), "
            + "MTTA and MTTR overall and by priority, regressions, hotfix lineage (hotfixOf and hotfixes are direct "
            + "links), user updates, and the retrospective: its lessons whole and its action items. Counts hold only "
            + "the release's own tickets (a ticket reported against a hotfix counts on the hotfix)";
    private static final String TIMELINE = "It holds the moments a retrospective tells (deployments, the first report, "
            + "priority changes, merges, user updates, resolutions, reopenings, regressions, lessons, action items, "
            + "the closing), not every event: the rest is in the ticket histories, the replay and the export";

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;
    private final TimelineStreams streams;
    private final KnownReleases releases;

    public ReleaseReadController(QueryGateway queries, Reads reads, ProjectionProgress progress,
                                 TimelineStreams streams, KnownReleases releases) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
        this.streams = streams;
        this.releases = releases;
    }

    @Operation(summary = "Releases with their health, newest deployment first", description = HEALTH)
    @GetMapping(path = "/api/releases", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<List<ReleaseView>>> releases(@Parameter(description = "Only this service's releases")
                                                            @RequestParam(required = false) String service,
                                                            @Parameter(description = "How many releases to answer: 1 to "
                                                                    + MAX_RELEASES + ", default 100")
                                                            @RequestParam(required = false) Integer limit,
                                                            @Parameter(description = "How many of the newest to pass "
                                                                    + "over first: 0 to " + Reads.MAX_OFFSET
                                                                    + ", default 0")
                                                            @RequestParam(required = false) Integer offset,
                                                            @RequestParam(required = false) String after,
                                                            @RequestHeader(name = Reads.AFTER, required = false) String afterHeader) {
        FindReleases query = new FindReleases(QueryValue.of(service), Reads.offset(offset),
                reads.limit(limit, 100, MAX_RELEASES));
        return reads.answer(Reads.Source.STORE, Reads.after(after, afterHeader), () -> progress.served(ProjectionNames.RELEASES),
                () -> progress.rebuilding(ProjectionNames.RELEASES),
                () -> queries.query(query, ResponseTypes.multipleInstancesOf(ReleaseView.class)));
    }

    @Operation(summary = "A release with its health, user updates and retrospective", description = HEALTH
            + ". ETag is its version, for If-Match. An unknown id is 404 RELEASE_NOT_FOUND")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true, headers = @Header(
            name = HttpHeaders.ETAG, schema = @Schema(type = "string"), description = "The release's version (the "
            + "sequence number of the last event of its stream) in quotes, e.g. \"7\": send it as If-Match with a "
            + "write to it; absent while the view does not know it"))
    @GetMapping(path = "/api/releases/{releaseId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ReleaseView>> release(@PathVariable String releaseId,
                                                     @RequestParam(required = false) String after,
                                                     @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                     ServerHttpResponse response) {
        long position = Reads.after(after, afterHeader);
        ReleasePath.id(releaseId);
        return reads.answerFound(Reads.Source.STORE, position, () -> progress.served(ProjectionNames.RELEASES),
                () -> progress.rebuilding(ProjectionNames.RELEASES),
                () -> queries.query(new FindRelease(releaseId), ResponseTypes.optionalInstanceOf(ReleaseView.class)),
                () -> KnownReleases.notFound(releaseId), response)
                .doOnNext(found -> Reads.tag(response, found.getBody().aggregateVersion()));
    }

    @Operation(summary = "A release's retrospective timeline, its hotfixes folded in, with metrics",
            description = TIMELINE + ". An unknown release is 404 RELEASE_NOT_FOUND")
    @Parameter(name = "offset", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "The first entry answered, 0 (the earliest) by default")
    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "How many entries at most; all by default, 0 for none (entriesTotal "
            + "and the metrics alone)")
    @GetMapping(path = "/api/releases/{releaseId}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Timeline>> timeline(@PathVariable String releaseId,
                                                   @RequestParam(required = false) Integer offset,
                                                   @RequestParam(required = false) Integer limit,
                                                   @RequestParam(required = false) String after,
                                                   @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                   ServerHttpResponse response) {
        // Refused before the wait for after, which a refusal must not sit through (tester 52).
        Window window = Windows.of("offset", offset, "limit", limit);
        long position = Reads.after(after, afterHeader);
        FindTimeline query = new FindTimeline(ReleasePath.id(releaseId), window);
        return reads.answerFound(Reads.Source.STORE, position, () -> progress.served(ProjectionNames.TIMELINES),
                () -> progress.rebuilding(ProjectionNames.TIMELINES),
                () -> queries.query(query, ResponseTypes.optionalInstanceOf(Timeline.class)),
                () -> KnownReleases.notFound(releaseId), response);
    }

    /**
     * Refuses an unknown release before streaming, so the client gets a 404 rather than an empty stream;
     * with {@code after} or {@code Last-Event-ID}, only once the timelines have caught up, so a release
     * just written is known. A wait that timed out is said with {@value Reads#STALE} and in the snapshot.
     */
    @Operation(summary = "A release's retrospective timeline as server-sent events", description = "A snapshot "
            + "event, then an update with the whole timeline whenever it changes, each with the log position it "
            + "reflects as id; heartbeat comments. With updates=delta, a change comes as a delta event instead: "
            + "{releaseId, releases, entriesBefore, entries, metrics}: keep the first entriesBefore entries of the "
            + "timeline held, drop the rest and append entries; a change of the first entry is still a whole "
            + "update. offset and limit are 400: a stream sends the whole timeline. " + TIMELINE
            + ". An unknown release is 404 RELEASE_NOT_FOUND, before any event")
    @GetMapping(path = "/api/releases/{releaseId}/timeline/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> timelineStream(@PathVariable String releaseId,
                                                        @RequestParam(required = false) String after,
                                                        @Parameter(description = "whole (the default, also when "
                                                                + "empty): every change is the whole timeline; delta: "
                                                                + "a change sends the entries from the first it "
                                                                + "changed", schema = @Schema(
                                                                allowableValues = {"whole", "delta"}))
                                                        @RequestParam(name = TimelineUpdates.NAME, required = false)
                                                        String updates,
                                                        @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                        @RequestHeader(name = Reads.LAST_EVENT_ID, required = false)
                                                        String lastEventId,
                                                        ServerHttpRequest request, ServerHttpResponse response) {
        for (String window : List.of("offset", "limit")) {
            if (request.getQueryParams().containsKey(window)) {
                // Ignored, the stream would send the whole timeline while the client believes it asked for a window.
                throw new InvalidParameter(window, "must not be given: a stream sends the whole timeline (take "
                        + "updates=delta for changes alone); read a window with GET /api/releases/{id}/timeline");
            }
        }
        boolean deltas = TimelineUpdates.deltas(updates);
        long position = Reads.after(after, afterHeader, lastEventId);
        ReleasePath.id(releaseId);
        return releases.caughtUp(position)
                .flatMap(caughtUp -> releases.require(releaseId)
                        .doOnError(DomainRejection.class,
                                missing -> Reads.refusedStream(response, caughtUp, releases.served()))
                        .flatMap(sure -> {
                            if (!sure) {
                                // No timeline to show: refused stale, as its GET is, rather than a snapshot of null
                                // that EventSource clients could not tell was stale (tester 159).
                                Reads.refusedStream(response, false, releases.served());
                                return Mono.error(KnownReleases.notFound(releaseId));
                            }
                            boolean stale = Reads.staleStream(response, reads.current(caughtUp, releases::served));
                            return reads.opened(streams.subscribe(releaseId, stale, ClientChannel.of(response), deltas),
                                    !stale, position, releases::served);
                        }));
    }
}
