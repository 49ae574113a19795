package io.aftermath.command.web.release;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.IdGenerator;
import io.aftermath.command.web.IfMatch;
import io.aftermath.command.web.Target;
import io.aftermath.shared.release.PublishUserUpdate;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@RequestMapping("/api/releases")
@Tag(name = "Releases")
class ReleaseController {

    private final CommandDispatcher commands;
    private final IdGenerator ids;
    private final TicketDirectory tickets;

    ReleaseController(CommandDispatcher commands, IdGenerator ids, TicketDirectory tickets) {
        this.commands = commands;
        this.ids = ids;
        this.tickets = tickets;
    }

    @PostMapping
    @Operation(summary = "Register a release (a hotfix names the release it fixes)")
    @ApiResponse(responseCode = "201", description = "Registered", useReturnTypeSchema = true,
            headers = {@Header(name = HttpHeaders.LOCATION, description = "Where the release will be readable",
                    schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = HttpHeaders.ETAG, description = "The new release's version, \"0\": send it as "
                            + "If-Match with the next write to it", schema = @Schema(type = "string"))})
    Mono<ResponseEntity<Registered>> register(@Valid @RequestBody RegisterReleaseRequest body,
                                              ServerWebExchange exchange) {
        String releaseId = ReleaseId.of(body.service(), body.version());
        return commands.dispatch(exchange, Target.release(releaseId), (actor, at) -> new RegisterRelease(releaseId,
                        body.service(), body.version(), body.deployedAt(), body.hotfixOf(), body.notes(), actor, at))
                .map(done -> done.created(location(releaseId), new Registered(releaseId)));
    }

    @PostMapping("/{releaseId}/user-updates")
    @Operation(summary = "Record what was told to users, on which channel")
    @ApiResponse(responseCode = "201", description = "Recorded", useReturnTypeSchema = true)
    Mono<ResponseEntity<UpdatePublished>> publish(
            @PathVariable String releaseId, @Valid @RequestBody PublishUserUpdateRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        String updateId = ids.next(exchange);
        return commands.dispatch(exchange, Target.release(releaseId).ifMatch(ifMatch),
                        (actor, at) -> new PublishUserUpdate(releaseId, updateId, body.status(), body.channel(),
                                body.message(), body.ticketIds(), actor, at))
                .flatMap(done -> Mono.fromCallable(() -> UpdateWarnings.of(body.status(), body.ticketIds(), tickets))
                        .subscribeOn(Schedulers.boundedElastic())
                        .map(warnings -> done.created(null, new UpdatePublished(releaseId, updateId, warnings))));
    }

    static String location(String releaseId) {
        return UriComponentsBuilder.fromPath("/api/releases/{id}").buildAndExpand(releaseId).encode().toUriString();
    }

    record Registered(String releaseId) {
    }

    /** @param warnings what the update says that its tickets contradict ({@link UpdateWarnings}); recorded all the same */
    record UpdatePublished(String releaseId, String updateId, List<String> warnings) {
    }
}
