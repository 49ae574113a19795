package io.aftermath.query.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.query.FindPostmortem;
import io.aftermath.shared.query.PostmortemView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Mono;

/**
 * A search hit read whole, by its id: served by the search index, so whatever a search on this node found
 * can be read here at the same position.
 */
@RestController
public class PostmortemReadController {

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;

    public PostmortemReadController(QueryGateway queries, Reads reads, ProjectionProgress progress) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
    }

    @Operation(summary = "A lesson or an imported post-mortem whole, by the id its search hit names",
            description = "A post-mortem with its summary and body as imported (Markdown; as last revised by an "
                    + "import of the same document with other content), its categories and keywords, source, times, "
                    + "who imported it and when, and its revisions; a lesson with what happened, contributing "
                    + "factors, what went well, improvements and its severity as the search computes it")
    // Declaring one response makes springdoc drop the default 200, so both are named.
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "POSTMORTEM_NOT_FOUND: the search index knows no lesson or "
            + "imported post-mortem with this id (once it has processed every event below after, when given)")
    @GetMapping(path = "/api/postmortems/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<PostmortemView>> postmortem(@PathVariable String id,
                                                           @RequestParam(required = false) String after,
                                                           @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                           ServerHttpResponse response) {
        return reads.answerFound(Reads.Source.NODE, Reads.after(after, afterHeader), () -> progress.served(ProjectionNames.SEARCH),
                () -> progress.rebuilding(ProjectionNames.SEARCH),
                () -> queries.query(new FindPostmortem(id), ResponseTypes.optionalInstanceOf(PostmortemView.class)),
                () -> new DomainRejection(ErrorCode.POSTMORTEM_NOT_FOUND, "No lesson or post-mortem " + id), response);
    }
}
