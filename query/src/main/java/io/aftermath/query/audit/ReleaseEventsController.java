package io.aftermath.query.audit;

import java.util.stream.Stream;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.live.ClientChannel;
import io.aftermath.query.live.Paced;
import io.aftermath.query.web.BooleanParameter;
import io.aftermath.query.web.ReleasePath;
import io.aftermath.query.web.StoreReads;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.ledger.StoredEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/releases/{id}/events}: every event of a release's streams (the release, its hotfixes and
 * their tickets, as {@link ReleaseStreams} finds them in the log), read from the ledger, cut as the replay
 * is ({@link LedgerCut}) and written as {@code /api/events} writes them ({@link EventLines}).
 * <p>
 * Two passes, so that a large release is never held in memory and every refusal is a real status: the
 * first reads the log from its start to the cut, finding the release's streams, a hole (500) and whether
 * the release is there at all (404), and notes where its first and last events from {@code from} lie; only
 * then does the answer start, the second pass streaming the lines between those two positions. The log is
 * append-only, so both passes read the same events; a commit deleted from the store in between would be left
 * out unannounced, as from an export page read then, and GET /api/audit/verify names it.
 */
@RestController
class ReleaseEventsController {

    static final String END = "X-Aftermath-End";

    private final LedgerEvents ledger;
    private final LedgerCut cut;
    private final StoreReads storeReads;

    ReleaseEventsController(LedgerEvents ledger, LedgerCut cut, StoreReads storeReads) {
        this.storeReads = storeReads;
        this.ledger = ledger;
        this.cut = cut;
    }

    @GetMapping(path = "/api/releases/{releaseId}/events", produces = "application/x-ndjson")
    @Operation(summary = "Every event of a release, its hotfixes and their tickets, as NDJSON, read from the ledger",
            description = "Every stored event whose stream is the release's, a hotfix's (hotfixes of hotfixes too) or "
                    + "a ticket's reported against one of them, in position order, one per line exactly as "
                    + "GET /api/events writes it (canonical=true adds canonical as there). An event belongs by its "
                    + "own stream: of a duplicate marking across two releases, each release gets its ticket's event. "
                    + "Cut as the replay is: neither at nor position (or either left empty) means now, both is 400; "
                    + "X-Aftermath-End is the cut. from leaves out the events before it (the streams are still "
                    + "found from the log's start). Read without checking hashes: GET /api/audit/verify says "
                    + "whether the log is untampered")
    @ApiResponse(responseCode = "200", description = "One stored event per line", useReturnTypeSchema = true,
            headers = {@Header(name = END, description = "The cut: every event of the release before it is in "
                    + "the answer (from it on, with from)", schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = EventExportController.NEXT, description = "Where a later catch-up starts: pass "
                            + "it as from", schema = @Schema(type = "integer", format = "int64"))})
    @ApiResponse(responseCode = "404", description = "RELEASE_NOT_FOUND: no release with this id before the cut")
    @ApiResponse(responseCode = "500", description = "INTERNAL, or LEDGER_INCOMPLETE: the log misses a commit before "
            + "the cut (the detail names the position; GET /api/audit/verify reports it)")
    Mono<ResponseEntity<Flux<String>>> events(@Parameter(description = "The release, service@version")
                                              @PathVariable String releaseId,
                                              @Parameter(description = LedgerCut.AT,
                                                      schema = @Schema(type = "string", format = "date-time"))
                                              @RequestParam(required = false) String at,
                                              @Parameter(description = LedgerCut.POSITION)
                                              @RequestParam(required = false) Long position,
                                              @Parameter(description = "Only the events at or after this log "
                                                      + "position (0 or more): a previous answer's "
                                                      + EventExportController.NEXT, schema = @Schema(type = "integer",
                                                      format = "int64", defaultValue = "0"))
                                              @RequestParam(name = "from", required = false) Long fromGiven,
                                              @Parameter(description = EventLines.CANONICAL,
                                                      schema = @Schema(type = "boolean"))
                                              @RequestParam(required = false) String canonical,
                                              ServerHttpResponse response) {
        long from = FromPosition.of(fromGiven);
        boolean withCanonical = BooleanParameter.of("canonical", canonical, false);
        LedgerCut.Asked asked = LedgerCut.Asked.of(at, position);
        ReleasePath.id(releaseId);
        return storeReads.call(() -> {
                    long end = cut.end(asked);
                    Span span = find(releaseId, from, end);
                    return ResponseEntity.ok().contentType(EventExportController.NDJSON)
                            .header(END, Long.toString(end))
                            .header(EventExportController.NEXT, Long.toString(end))
                            .body(Paced.by(ClientChannel.of(response), lines(span, withCanonical)));
                });
    }

    /** The release's streams, and the positions of its first and last events to answer (none: -1). */
    private record Span(ReleaseStreams streams, long first, long last) {
    }

    private Span find(String releaseId, long from, long end) {
        ReleaseStreams streams = new ReleaseStreams(releaseId);
        long first = -1;
        long last = -1;
        long reached = 0;
        try (Stream<StoredEvent> log = ledger.before(end)) {
            for (StoredEvent event : (Iterable<StoredEvent>) log::iterator) {
                if (ReleaseStreams.tells(event.payloadType())) {
                    ledger.payload(event).ifPresent(streams::see);
                }
                // A stream's first event is the one that makes it the release's, so it is known by now.
                if (event.position() >= from && streams.contains(event.aggregateId())) {
                    first = first < 0 ? event.position() : first;
                    last = event.position();
                }
                reached = event.position() + 1;
            }
        }
        if (reached < end) {
            ledger.requireReadTo(reached, end);
        }
        if (!streams.found()) {
            throw new DomainRejection(ErrorCode.RELEASE_NOT_FOUND,
                    "No release " + releaseId + " at that point of the log");
        }
        return new Span(streams, first, last);
    }

    private Flux<String> lines(Span span, boolean canonical) {
        if (span.first() < 0) {
            return Flux.empty();
        }
        return storeReads.streamed(() -> ledger.between(span.first(), span.last() + 1)
                .filter(event -> span.streams().contains(event.aggregateId()))
                .map(event -> EventLines.line(event, canonical)));
    }
}
