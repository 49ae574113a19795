package io.aftermath.query.audit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.web.ReleasePath;
import io.aftermath.query.web.StoreReads;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.query.FindReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/releases/{id}/replay?at=ISO-8601} (or {@code ?position=n}): the release exactly as
 * it stood then, cut as {@link LedgerCut} says.
 */
@RestController
class ReleaseReplayController {

    private final QueryGateway queries;
    private final LedgerCut cut;
    private final StoreReads storeReads;

    ReleaseReplayController(QueryGateway queries, LedgerCut cut, StoreReads storeReads) {
        this.storeReads = storeReads;
        this.queries = queries;
        this.cut = cut;
    }

    @GetMapping(path = "/api/releases/{releaseId}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A release as it stood at an instant or a log position, folded from the ledger itself",
            description = "The release, its hotfixes and tickets, folded from the log with no projection involved. "
                    + "The cut is always a state the ledger held, never half a commit; neither at nor position (or "
                    + "either left empty) means now, both is 400; end in the answer is the cut. Replays fold what is "
                    + "stored without checking its hashes: GET /api/audit/verify says whether the log is untampered")
    // Declaring one response makes springdoc drop the default 200, so it is named too.
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "RELEASE_NOT_FOUND: no release with this id at that point of the log")
    @ApiResponse(responseCode = "500", description = "INTERNAL, or LEDGER_INCOMPLETE: the log misses a commit before "
            + "the cut (the detail names the position; GET /api/audit/verify reports it)")
    Mono<ReleaseAsOf> replay(@PathVariable String releaseId,
                             @Parameter(description = LedgerCut.AT,
                                     schema = @Schema(type = "string", format = "date-time"))
                             @RequestParam(required = false) String at,
                             @Parameter(description = LedgerCut.POSITION)
                             @RequestParam(required = false) Long position) {
        LedgerCut.Asked asked = LedgerCut.Asked.of(at, position);
        ReleasePath.id(releaseId);
        return storeReads.call(() -> cut.end(asked))
                .flatMap(end -> storeReads.ask(() -> queries.query(new FindReleaseAsOf(releaseId, end),
                        ResponseTypes.optionalInstanceOf(ReleaseAsOf.class))))
                .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(new DomainRejection(
                        ErrorCode.RELEASE_NOT_FOUND, "No release " + releaseId + " at that point of the log"))));
    }
}
