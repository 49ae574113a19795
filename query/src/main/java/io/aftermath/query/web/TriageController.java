package io.aftermath.query.web;

import java.util.function.LongSupplier;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.query.QueryProperties;
import io.aftermath.query.live.ClientChannel;
import io.aftermath.query.live.TriageStreams;
import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.triage.TriageIndex;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.query.FindTriageQueue;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.query.TriageQueue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The triage queue, and the same queue as a stream of server-sent events: {@code snapshot} first,
 * then {@code update} with the whole new queue whenever it changes, a {@code :heartbeat} comment
 * every {@code aftermath.query.stream.heartbeat}, and {@code reconnect} (then the end) for a client
 * that falls {@code aftermath.query.stream.buffer} updates behind. Snapshots and updates carry the
 * position they reflect as their {@code id}.
 */
@RestController
public class TriageController {

    /** Deep pages cost a walk through everything before them, so paging stops at a bound, as the search's does. */

    private static final String OFFSET = "How many of the matching tickets to skip, for paging: 0 to " + Reads.MAX_OFFSET;
    private static final String REGRESSION = "true: only regressions (reopened as seen again after their fix "
            + "shipped); false: only the others";

    private static final String RELEASE_ID = "Only this release's own tickets (service@version; a hotfix's tickets are "
            + "on the hotfix's queue). A value no release could be named by (not service@version of the characters "
            + "a registration allows, or a comma: the queue takes one release) is 400 VALIDATION_FAILED; one the "
            + "read side does not know is 404 RELEASE_NOT_FOUND";
    private static final String SERVICE = "Only tickets of this service's releases";
    private static final String LIMIT = "How many tickets to answer: 1 to aftermath.query.triage.max-limit (1,000 by "
            + "default), default aftermath.query.triage.default-limit (50 by default)";

    private static final String NOT_FOUND = "RELEASE_NOT_FOUND: releaseId names a release the read side does not know "
            + "(once it has processed every event below after, when given)";

    private final QueryGateway queries;
    private final Reads reads;
    private final TriageIndex index;
    private final TriageStreams streams;
    private final ProjectionProgress progress;
    private final KnownReleases releases;
    private final StoreSight store;
    private final QueryProperties.Triage limits;

    public TriageController(QueryGateway queries, Reads reads, TriageIndex index, TriageStreams streams,
                            ProjectionProgress progress, KnownReleases releases, StoreSight store,
                            QueryProperties properties) {
        this.queries = queries;
        this.reads = reads;
        this.index = index;
        this.streams = streams;
        this.progress = progress;
        this.releases = releases;
        this.store = store;
        this.limits = properties.triage();
    }

    /**
     * A {@code releaseId} the read side does not know is 404, as its timeline stream is; without one, every queue.
     * Filters combine: a ticket shows when it passes each. {@code total} counts every ticket that passes, so
     * pages of {@code limit} from {@code offset} 0, {@code limit}, … join up.
     */
    @Operation(summary = "The triage queue: open tickets, most urgent first", description = "Ordered by priority "
            + "(unprioritised after P4), then resolve deadline, then reporters (most first), then reportedAt; each "
            + "ticket with its acknowledge and resolve deadlines and whether they are breached now, and regression. "
            + "Filters combine: a ticket shows when it passes each, and a repeated filter (priority=P1&priority=P2) "
            + "passes a ticket with any of its values; priority=P1,P2 is 400. total counts every "
            + "ticket that passes, the same on every page, so pages of limit from offset 0, limit, … join up while "
            + "the queue does not change. An unknown releaseId is 404 RELEASE_NOT_FOUND, one no release could be "
            + "named by 400 VALIDATION_FAILED")
    // Declaring one response makes springdoc drop the default 200, so both are named.
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = NOT_FOUND)
    @TriageFilterParameters
    @GetMapping(path = "/api/triage", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TriageQueue>> queue(@Parameter(description = RELEASE_ID)
                                                   @RequestParam(required = false) String releaseId,
                                                   @Parameter(description = SERVICE)
                                                   @RequestParam(required = false) String service,
                                                   @Parameter(description = LIMIT)
                                                   @RequestParam(required = false) Integer limit,
                                                   @Parameter(description = OFFSET, schema = @Schema(type = "integer",
                                                           format = "int32", minimum = "0", maximum = "" + Reads.MAX_OFFSET))
                                                   @RequestParam(required = false) Integer offset,
                                                   @Parameter(description = REGRESSION, schema = @Schema(type = "boolean"))
                                                   @RequestParam(required = false) String regression,
                                                   @RequestParam(required = false) String after,
                                                   @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                   ServerHttpRequest request, ServerHttpResponse response) {
        FindTriageQueue query = new FindTriageQueue(releaseId(releaseId), QueryValue.of(service),
                TriageFilters.of(request.getQueryParams(), regression), Reads.offset(offset),
                reads.limit(limit, limits.defaultLimit(), limits.maxLimit()));
        long position = Reads.after(after, afterHeader);
        return reads.answer(Reads.Source.NODE, position, index::position,
                () -> progress.rebuilding(ProjectionNames.TRIAGE),
                () -> queries.query(query, ResponseTypes.instanceOf(TriageQueue.class)))
                // A refusal keeps the read's headers, as the other reads' do: how far this node had read.
                .flatMap(answer -> known(query.releaseId())
                        .doOnError(DomainRejection.class, missing -> response.getHeaders().putAll(answer.getHeaders()))
                        .map(sure -> sure ? answer
                                : ResponseEntity.status(answer.getStatusCode()).headers(headers -> {
                                    headers.putAll(answer.getHeaders());
                                    headers.set(Reads.STALE, "true");
                                }).body(answer.getBody())));
    }

    /**
     * With {@code after} or {@code Last-Event-ID}, the snapshot waits until the queue holds the writes
     * before that position; a wait that timed out is said with {@value Reads#STALE} and in the snapshot.
     */
    @Operation(summary = "The triage queue as server-sent events", description = "A snapshot event, then an update "
            + "with the whole new queue whenever it changes, each with the log position it reflects as id; heartbeat "
            + "comments (every 15 s by default); reconnect, then the end, for a client 256 updates behind (by default) "
            + "or whose snapshot could not be read, when the node stops, after the stream's longest lifetime or its "
            + "bearer token's exp, and when a snapshot would no longer say what this one said of stale. Takes the "
            + "queue's filters and limit (the first limit tickets that pass; offset is 400: a stream always shows the "
            + "first page). An update is sent only when what the stream "
            + "shows changed (one of its tickets, or total; not asOf alone), including when a deadline it shows as "
            + "pending passes. A releaseId no release could be named by is 400; an unknown one is 404 "
            + "RELEASE_NOT_FOUND")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = NOT_FOUND)
    @TriageFilterParameters
    @GetMapping(path = "/api/triage/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> stream(@Parameter(description = RELEASE_ID)
                                                @RequestParam(required = false) String releaseId,
                                                @Parameter(description = SERVICE)
                                                @RequestParam(required = false) String service,
                                                @Parameter(description = LIMIT)
                                                @RequestParam(required = false) Integer limit,
                                                @Parameter(description = REGRESSION, schema = @Schema(type = "boolean"))
                                                @RequestParam(required = false) String regression,
                                                @RequestParam(required = false) String after,
                                                @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                @RequestHeader(name = Reads.LAST_EVENT_ID, required = false)
                                                String lastEventId,
                                                ServerHttpRequest request, ServerHttpResponse response) {
        if (request.getQueryParams().containsKey("offset")) {
            // Ignored, it would show the first page while the client believes it asked for another.
            throw new InvalidParameter("offset", "must not be given: a stream shows the first limit tickets that pass; "
                    + "page with GET /api/triage");
        }
        if (TimelineUpdates.deltas(request.getQueryParams().getFirst(TimelineUpdates.NAME))) {
            // A client asking for deltas would be sent whole queues it took for changes (tester 77).
            throw new InvalidParameter(TimelineUpdates.NAME, "must be whole or absent: the triage stream sends the "
                    + "whole queue shown at each change; deltas are the timeline stream's");
        }
        int size = reads.limit(limit, limits.defaultLimit(), limits.maxLimit());
        TriageFilter filter = TriageFilters.of(request.getQueryParams(), regression);
        String release = releaseId(releaseId);
        long position = Reads.after(after, afterHeader, lastEventId);
        return reads.caughtUp(position, index::position)
                .flatMap(caughtUp -> known(release)
                        .doOnError(DomainRejection.class,
                                missing -> Reads.refusedStream(response, caughtUp, index.position()))
                        .flatMap(sure -> {
                            // A release the timelines could not confirm in time: current again once they are too
                            // (tester 159: a stream opened so was never told, its stale mark kept for its lifetime).
                            LongSupplier served = sure ? index::position
                                    : () -> Math.min(index.position(), releases.served());
                            boolean stale = Reads.staleStream(response, reads.current(caughtUp, served) && sure);
                            return reads.opened(streams.subscribe(release, QueryValue.of(service), filter, size, stale,
                                    ClientChannel.of(response)), !stale, position, served);
                        }));
    }

    /**
     * Refuses a release the read side does not know; false when it cannot tell in time (the answer is then
     * stale). One with open tickets in this node's queue is known without asking MongoDB, so its queue still
     * answers from memory while the store is out of sight. The queue has already waited for {@code after}:
     * the timelines are asked as they stand, and again at the log's head if they do not know the release,
     * which covers any position a client got from a write, so the two waits do not add up.
     */
    private Mono<Boolean> known(String releaseId) {
        return Mono.defer(() -> {
            if (releaseId == null || index.queue(releaseId, null, 1).total() > 0) {
                return Mono.just(true);
            }
            // Out of sight, the timelines cannot be asked (tester 56: a 30 s wait, then 503): the queue is as stale.
            return store.inSight() ? releases.require(releaseId) : Mono.just(false);
        });
    }

    private static String releaseId(String value) {
        return ReleaseIdParameter.single(value, "the queue takes one release");
    }
}
