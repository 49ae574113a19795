package io.aftermath.command.web.ticket;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.IfMatch;
import io.aftermath.command.web.Target;
import io.aftermath.shared.ticket.Reopen;
import io.aftermath.shared.ticket.Resolve;
import io.aftermath.shared.ticket.TicketStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/tickets/{ticketId}")
@Tag(name = "Tickets")
class TicketResolutionController {

    private final CommandDispatcher commands;

    TicketResolutionController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @PostMapping("/resolve")
    @Operation(summary = "Resolve; resolving again the same way changes nothing, otherwise (summary included) is 409")
    Mono<ResponseEntity<TicketChanged>> resolve(
            @PathVariable String ticketId, @Valid @RequestBody ResolveRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.ticket(ticketId).ifMatch(ifMatch),
                        (actor, at) -> new Resolve(ticketId, body.resolution(), body.summary(), body.fixedIn(),
                                actor, at))
                .map(done -> done.ok(new TicketChanged(ticketId, TicketStatus.RESOLVED)));
    }

    @PostMapping("/reopen")
    @Operation(summary = "Reopen a resolved ticket, or a duplicate (it leaves its canonical); a resolved one seen "
            + "again in or after its fixing release (observedIn), or reopened without observedIn once that release "
            + "is deployed, is a regression")
    Mono<ResponseEntity<TicketChanged>> reopen(
            @PathVariable String ticketId, @Valid @RequestBody ReopenRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.ticket(ticketId).ifMatch(ifMatch),
                        (actor, at) -> new Reopen(ticketId, body.reason(), body.observedIn(), actor, at))
                .map(done -> done.ok(new TicketChanged(ticketId, TicketStatus.REOPENED)));
    }
}
