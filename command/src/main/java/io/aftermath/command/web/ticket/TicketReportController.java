package io.aftermath.command.web.ticket;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.IdGenerator;
import io.aftermath.command.web.Target;
import io.aftermath.shared.ticket.ReportTicket;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Tickets")
class TicketReportController {

    private final CommandDispatcher commands;
    private final IdGenerator ids;

    TicketReportController(CommandDispatcher commands, IdGenerator ids) {
        this.commands = commands;
        this.ids = ids;
    }

    @PostMapping("/api/tickets")
    @Operation(summary = "Report a problem against a release; the reporter is the caller")
    @ApiResponse(responseCode = "201", description = "Reported", useReturnTypeSchema = true,
            headers = {@Header(name = HttpHeaders.LOCATION, description = "Where the ticket will be readable",
                    schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = HttpHeaders.ETAG, description = "The new ticket's version, \"0\": send it as "
                            + "If-Match with the next write to it", schema = @Schema(type = "string"))})
    Mono<ResponseEntity<Reported>> report(@Valid @RequestBody ReportTicketRequest body, ServerWebExchange exchange) {
        String ticketId = ids.next(exchange);
        return commands.dispatch(exchange, Target.ticket(ticketId), (actor, at) -> new ReportTicket(ticketId,
                        body.releaseId(), body.title(), body.description(), body.component(), body.reportedVia(),
                        actor, at))
                .map(done -> done.created("/api/tickets/" + ticketId, new Reported(ticketId)));
    }

    record Reported(String ticketId) {
    }
}
