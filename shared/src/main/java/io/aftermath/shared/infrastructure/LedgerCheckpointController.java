package io.aftermath.shared.infrastructure;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.infrastructure.LedgerCheckpoints.TakenCheckpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A checkpoint of the ledger taken and kept now (ADMIN, by the rules on {@code /api/admin/**}). */
@RestController
class LedgerCheckpointController {

    private final LedgerCheckpoints checkpoints;

    LedgerCheckpointController(LedgerCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Operation(summary = "Take a checkpoint of the ledger and keep it", description = "Verifies the log below the "
            + "head as GET /api/audit/verify?position=<head> would and keeps the answer as "
            + "checkpoint-<time>.json in aftermath.checkpoint.dir (<data-dir>/checkpoints by default): intact with its "
            + "checkpoint at head, or the firstBrokenLink. Costs a pass over the whole log")
    @PostMapping(path = "/api/admin/checkpoint", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Taken and kept", useReturnTypeSchema = true)
    Mono<ResponseEntity<TakenCheckpoint>> checkpoint() {
        return Mono.fromCallable(() -> ResponseEntity.status(HttpStatus.CREATED).body(checkpoints.take()))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
