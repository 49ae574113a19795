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
import io.aftermath.shared.ticket.AssignTicket;
import io.aftermath.shared.ticket.MarkDuplicate;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/tickets/{ticketId}")
@Tag(name = "Tickets")
class TicketTriageController {

    private final CommandDispatcher commands;

    TicketTriageController(CommandDispatcher commands) {
        this.commands = commands;
    }

    @PostMapping("/prioritise")
    @Operation(summary = "Set severity and urgency; the priority is derived and returned")
    Mono<ResponseEntity<Prioritised>> prioritise(
            @PathVariable String ticketId, @Valid @RequestBody PrioritiseRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.ticket(ticketId).ifMatch(ifMatch),
                        (actor, at) -> new Prioritise(ticketId, body.severity(), body.urgency(), body.reason(),
                                actor, at))
                .map(done -> done.ok(new Prioritised(ticketId, Priority.of(body.severity(), body.urgency()))));
    }

    @PostMapping("/assign")
    @Operation(summary = "Assign a prioritised ticket; assigning the same person again changes nothing")
    Mono<ResponseEntity<TicketChanged>> assign(
            @PathVariable String ticketId, @Valid @RequestBody AssignRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.ticket(ticketId).ifMatch(ifMatch),
                        (actor, at) -> new AssignTicket(ticketId, body.assignee(), actor, at))
                .map(done -> done.ok(new TicketChanged(ticketId, TicketStatus.IN_PROGRESS)));
    }

    @PostMapping("/mark-duplicate")
    @Operation(summary = "Close a ticket into its canonical ticket, which counts the duplicate's reporter")
    Mono<ResponseEntity<TicketChanged>> markDuplicate(
            @PathVariable String ticketId, @Valid @RequestBody MarkDuplicateRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.ticket(ticketId).ifMatch(ifMatch),
                        (actor, at) -> new MarkDuplicate(ticketId, body.canonicalTicketId(), actor, at))
                .map(done -> done.ok(new TicketChanged(ticketId, TicketStatus.DUPLICATE)));
    }

    record Prioritised(String ticketId, Priority priority) {
    }
}
