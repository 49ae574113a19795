package io.aftermath.query.web;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
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
import io.aftermath.shared.query.FindTicket;
import io.aftermath.shared.query.TicketView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import reactor.core.publisher.Mono;

/** A ticket's current state and full history, with its version as {@code ETag} for conditional writes. */
@RestController
public class TicketReadController {

    private final QueryGateway queries;
    private final Reads reads;
    private final ProjectionProgress progress;

    public TicketReadController(QueryGateway queries, Reads reads, ProjectionProgress progress) {
        this.queries = queries;
        this.reads = reads;
        this.progress = progress;
    }

    @Operation(summary = "A ticket: its current state and full history", description = "The history holds every "
            + "event of the ticket: type, at, actor, details. ETag is its version, for If-Match. historyOffset and "
            + "historyLimit answer a window of the history instead (oldest first: offset 0 is the report), "
            + "duplicatesOffset and duplicatesLimit one of the duplicates, in the order they were marked; "
            + "historyTotal and duplicatesTotal count them all, windowed or not. A negative value is 400 "
            + "VALIDATION_FAILED. An unknown id is 404 TICKET_NOT_FOUND")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true, headers = @Header(
            name = HttpHeaders.ETAG, schema = @Schema(type = "string"), description = "The ticket's version (the "
            + "sequence number of the last event of its stream) in quotes, e.g. \"7\": send it as If-Match with a "
            + "write to it; absent while the view does not know it"))
    @Parameter(name = "historyOffset", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "The first history entry answered, 0 (the report) by default")
    @Parameter(name = "historyLimit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "How many history entries at most; all by default, 0 for none")
    @Parameter(name = "duplicatesOffset", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "The first duplicate answered, 0 by default")
    @Parameter(name = "duplicatesLimit", in = ParameterIn.QUERY, schema = @Schema(type = "integer", format = "int32",
            minimum = "0"), description = "How many duplicates at most; all by default, 0 for none")
    @GetMapping(path = "/api/tickets/{ticketId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TicketView>> ticket(@PathVariable String ticketId,
                                                   @RequestParam(required = false) Integer historyOffset,
                                                   @RequestParam(required = false) Integer historyLimit,
                                                   @RequestParam(required = false) Integer duplicatesOffset,
                                                   @RequestParam(required = false) Integer duplicatesLimit,
                                                   @RequestParam(required = false) String after,
                                                   @RequestHeader(name = Reads.AFTER, required = false) String afterHeader,
                                                   ServerHttpResponse response) {
        FindTicket query = new FindTicket(ticketId, Windows.of("historyOffset", historyOffset, "historyLimit", historyLimit),
                Windows.of("duplicatesOffset", duplicatesOffset, "duplicatesLimit", duplicatesLimit));
        return reads.answerFound(Reads.Source.STORE, Reads.after(after, afterHeader), () -> progress.served(ProjectionNames.TICKETS),
                () -> progress.rebuilding(ProjectionNames.TICKETS),
                () -> queries.query(query, ResponseTypes.optionalInstanceOf(TicketView.class)),
                () -> new DomainRejection(ErrorCode.TICKET_NOT_FOUND, "No ticket " + ticketId), response)
                .doOnNext(found -> Reads.tag(response, found.getBody().aggregateVersion()));
    }
}
