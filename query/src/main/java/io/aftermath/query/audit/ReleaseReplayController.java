package io.aftermath.query.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.web.UnencodedPlus;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.web.CalendarRange;
import io.aftermath.shared.query.FindReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/releases/{id}/replay?at=ISO-8601} (or {@code ?position=n}): the release exactly as
 * it stood then. {@code at} cuts after the last commit holding an event stamped by then (see
 * {@link LedgerEvents#positionAfter}); {@code position} cuts before that log position, or just after
 * the commit holding the event before it, so no cut shows half a commit; with neither, the whole log.
 */
@RestController
class ReleaseReplayController {

    private final QueryGateway queries;
    private final LedgerEvents ledger;

    ReleaseReplayController(QueryGateway queries, LedgerEvents ledger) {
        this.queries = queries;
        this.ledger = ledger;
    }

    @GetMapping("/api/releases/{releaseId}/replay")
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
                             @Parameter(description = "An ISO-8601 instant, such as 2026-11-17T10:00:00Z: cuts after "
                                     + "the last commit holding an event stamped by then. Write an offset's + as %2B "
                                     + "(2026-12-03T04:00:00%2B02:00): a query reads + as a space, so one sent as it stands is 400",
                                     schema = @Schema(type = "string", format = "date-time"))
                             @RequestParam(required = false) String at,
                             @Parameter(description = "A log position (0 or more): cuts after the commit holding the "
                                     + "event just before it, at most the head")
                             @RequestParam(required = false) Long position) {
        return Mono.fromCallable(() -> end(at, position))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(end -> Mono.fromFuture(() -> queries.query(new FindReleaseAsOf(releaseId, end),
                        ResponseTypes.optionalInstanceOf(ReleaseAsOf.class))))
                .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(new DomainRejection(
                        ErrorCode.RELEASE_NOT_FOUND, "No release " + releaseId + " at that point of the log"))));
    }

    /**
     * Where the replay cuts the log, never past its head, so the answer's {@code end} names a real cut. An empty
     * {@code at} is absent, as an empty {@code position} is (Spring reads it as none) and as search reads its times.
     */
    private long end(String given, Long position) {
        String at = given == null || given.isBlank() ? null : given.trim();
        if (at != null && position != null) {
            throw new DomainRejection(ErrorCode.VALIDATION_FAILED, "Give either at or position, not both");
        }
        if (position != null) {
            if (position < 0) {
                throw new InvalidParameter("position", "must be >= 0");
            }
            return ledger.cutAt(Math.min(position, ledger.head()));
        }
        if (at != null) {
            Instant instant;
            try {
                instant = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidParameter("at", "must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z"
                        + UnencodedPlus.hint(at));
            }
            if (!CalendarRange.contains(instant)) {
                throw new InvalidParameter("at", CalendarRange.RULE);
            }
            return ledger.positionAfter(instant);
        }
        return ledger.head();
    }

}
