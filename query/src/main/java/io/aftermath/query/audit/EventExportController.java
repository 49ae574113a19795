package io.aftermath.query.audit;

import java.util.List;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.live.ClientChannel;
import io.aftermath.query.live.Paced;
import io.aftermath.query.web.BooleanParameter;
import io.aftermath.query.web.StoreReads;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.ledger.LedgerHole;
import io.aftermath.shared.ledger.StoredEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/events}: the log as NDJSON, one stored event per line with its position, stream,
 * sequence, type, payload, metadata and hashes. {@code X-Aftermath-Next} says where the next page starts.
 */
@RestController
class EventExportController {

    static final String NEXT = "X-Aftermath-Next";
    static final String GAP = "X-Aftermath-Gap";
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 1000;

    private final LedgerEvents ledger;
    private final StoreReads storeReads;

    EventExportController(LedgerEvents ledger, StoreReads storeReads) {
        this.ledger = ledger;
        this.storeReads = storeReads;
    }

    @GetMapping(path = "/api/events", produces = "application/x-ndjson")
    @Operation(summary = "Export the log as NDJSON, a page at a time", description = "One stored event per line: "
            + "position, stream, sequence, type, revision, aggregateType, eventId, timestamp, payload, metadata, "
            + "previousHash, hash. X-Aftermath-Next is where the next page starts; a page that stops at a position "
            + "with no commit while a later commit exists carries X-Aftermath-Gap, and no page gets past it")
    @ApiResponse(responseCode = "200", description = "One stored event per line", useReturnTypeSchema = true,
            headers = {@Header(name = NEXT, description = "Where the next page starts: pass it as from",
                    schema = @Schema(type = "integer", format = "int64")),
                    @Header(name = GAP, description = "Only on a page that stops at a hole: the position that has "
                            + "no commit though a later one exists (deleted from the store; GET /api/audit/verify "
                            + "reports it). No page gets past it", schema = @Schema(type = "integer", format = "int64"))})
    Mono<ResponseEntity<Flux<String>>> export(@Parameter(description = "The log position to start at (0 or more): the "
                                                      + "previous page's " + NEXT, schema = @Schema(type = "integer",
                                                      format = "int64", defaultValue = "0"))
                                              @RequestParam(name = "from", required = false) Long fromGiven,
                                              @Parameter(description = "How many events to answer: 1 to " + MAX_LIMIT,
                                                      schema = @Schema(type = "integer", format = "int32",
                                                              defaultValue = "" + DEFAULT_LIMIT))
                                              @RequestParam(name = "limit", required = false) Integer limitGiven,
                                              @Parameter(description = EventLines.CANONICAL,
                                                      schema = @Schema(type = "boolean"))
                                              @RequestParam(required = false) String canonical,
                                              ServerHttpResponse response) {
        long from = FromPosition.of(fromGiven);
        // As from: blanks are absent too, which Spring's defaultValue does not see.
        int limit = limitGiven == null ? DEFAULT_LIMIT : limitGiven;
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new InvalidParameter("limit", "must be between 1 and " + MAX_LIMIT));
        }
        boolean withCanonical = BooleanParameter.of("canonical", canonical, false);
        return storeReads.call(() -> {
                    // Past the head no commit can start (one beyond a hole at the head is a page no read gets
                    // to), and finding what holds a position there would walk the log back down to the head.
                    long head = ledger.head();
                    List<StoredEvent> page = from >= head ? List.of() : ledger.page(from, limit);
                    long next = page.isEmpty() ? from : page.get(page.size() - 1).position() + 1;
                    // A short page ran out: at the head, or at a hole no later page gets past.
                    Optional<LedgerHole> hole = page.size() < limit ? ledger.holeAt(Math.min(next, head))
                            : Optional.empty();
                    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(NDJSON)
                            .header(NEXT, Long.toString(next));
                    hole.ifPresent(gap -> answer.header(GAP, Long.toString(gap.position())));
                    return answer.body(Paced.by(ClientChannel.of(response), Flux.fromIterable(lines(page, withCanonical))));
                });
    }

    private static List<String> lines(List<StoredEvent> page, boolean canonical) {
        return page.stream().map(event -> EventLines.line(event, canonical)).toList();
    }
}
