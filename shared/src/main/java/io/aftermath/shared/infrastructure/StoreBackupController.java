package io.aftermath.shared.infrastructure;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.shared.infrastructure.StoreBackups.StoreBackup;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Online backups of the embedded H2 store (ADMIN, by the rules on {@code /api/admin/**}): a node
 * that must keep running is backed up without stopping it.
 */
@RestController
class StoreBackupController {

    private final StoreBackups backups;

    StoreBackupController(StoreBackups backups) {
        this.backups = backups;
    }

    /**
     * Answers 201 once the backup file is whole (see {@link StoreBackups#take}); 409
     * {@code BACKUP_NOT_AVAILABLE} on a store without a file falls under the rule for writes.
     */
    @Operation(summary = "Back up the running node's embedded H2 store", description = "Writes "
            + "<data-dir>/backups/aftermath-<time>.zip, holding at least every event below head (events appended "
            + "while the copy runs may be in it too). The log below head is verified first: intact with its checkpoint "
            + "at head, or the firstBrokenLink (the backup is taken either way); the answer is also kept as "
            + "<data-dir>/backups/aftermath-<time>.json. 409 BACKUP_NOT_AVAILABLE on a real MongoDB or the memory backend")
    @PostMapping(path = "/api/admin/backup", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Backed up", useReturnTypeSchema = true)
    Mono<ResponseEntity<StoreBackup>> backup() {
        return Mono.fromCallable(() -> ResponseEntity.status(HttpStatus.CREATED).body(backups.take()))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
