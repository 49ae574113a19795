package io.aftermath.query.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.admin.ProjectionAdmin;
import io.aftermath.query.admin.ProjectionRebuilds;
import io.aftermath.query.admin.ProjectionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Projection operations: reading their state is for AUDITOR and ADMIN, a rebuild for ADMIN ({@code AccessRules}).
 * A rebuild answers 202 with the projection's status once it has started; reads go on meanwhile (see
 * {@link ProjectionRebuilds}).
 */
@RestController
public class ProjectionAdminController {

    private final ProjectionAdmin admin;
    private final ProjectionRebuilds rebuilds;
    private final StoreReads storeReads;

    public ProjectionAdminController(ProjectionAdmin admin, ProjectionRebuilds rebuilds, StoreReads storeReads) {
        this.storeReads = storeReads;
        this.admin = admin;
        this.rebuilds = rebuilds;
    }

    @Operation(summary = "Each projection's position, the log head, lag, state and segments")
    @GetMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<ProjectionStatus>> projections() {
        return storeReads.call(admin::statuses);
    }

    @Operation(summary = "Rebuild a projection", description = "Rebuilds into new collections while reads keep "
            + "using the old ones, kept current (the search index's old one stands where it was), then switches; "
            + "answers 202 with the projection's status once it has started. Reads it serves carry "
            + "X-Aftermath-Rebuilding: true meanwhile")
    @PostMapping(path = "/api/admin/projections/{name}/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "202", description = "Rebuild started", useReturnTypeSchema = true)
    public Mono<ResponseEntity<ProjectionStatus>> rebuild(@PathVariable String name) {
        return Mono.fromCallable(() -> {
            rebuilds.rebuild(name);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(admin.status(name));
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
