package io.aftermath.command.web.retrospective;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.command.web.CommandDispatcher;
import io.aftermath.command.web.IdGenerator;
import io.aftermath.command.web.IfMatch;
import io.aftermath.command.web.Target;
import io.aftermath.shared.retrospective.AddActionItem;
import io.aftermath.shared.retrospective.CloseRetrospective;
import io.aftermath.shared.retrospective.CompleteActionItem;
import io.aftermath.shared.retrospective.RecordLesson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

/** The retrospective lives on the release's stream, so every path here addresses a release. */
@RestController
@RequestMapping("/api/releases/{releaseId}")
@Tag(name = "Retrospective")
class RetrospectiveController {

    private final CommandDispatcher commands;
    private final IdGenerator ids;

    RetrospectiveController(CommandDispatcher commands, IdGenerator ids) {
        this.commands = commands;
        this.ids = ids;
    }

    @PostMapping("/lessons")
    @Operation(summary = "Record a blameless lesson")
    @ApiResponse(responseCode = "201", description = "Recorded", useReturnTypeSchema = true)
    Mono<ResponseEntity<LessonRecorded>> recordLesson(
            @PathVariable String releaseId, @Valid @RequestBody RecordLessonRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        String lessonId = ids.next(exchange);
        return commands.dispatch(exchange, Target.release(releaseId).ifMatch(ifMatch),
                        (actor, at) -> new RecordLesson(releaseId, lessonId, body.title(), body.whatHappened(),
                                body.contributingFactors(), body.whatWentWell(), body.improvements(), body.ticketIds(),
                                body.tags(), actor, at))
                .map(done -> done.created(null, new LessonRecorded(releaseId, lessonId)));
    }

    @PostMapping("/action-items")
    @Operation(summary = "Add an action item, optionally following from a lesson")
    @ApiResponse(responseCode = "201", description = "Added", useReturnTypeSchema = true)
    Mono<ResponseEntity<ActionItemAdded>> addActionItem(
            @PathVariable String releaseId, @Valid @RequestBody AddActionItemRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        String actionItemId = ids.next(exchange);
        return commands.dispatch(exchange, Target.release(releaseId).ifMatch(ifMatch),
                        (actor, at) -> new AddActionItem(releaseId, actionItemId, body.title(), body.owner(),
                                body.dueDate(), body.lessonId(), actor, at))
                .map(done -> done.created(null, new ActionItemAdded(releaseId, actionItemId)));
    }

    @PostMapping("/action-items/{actionItemId}/complete")
    @Operation(summary = "Complete an action item (also after the close); completing twice changes nothing")
    Mono<ResponseEntity<ActionItemCompleted>> completeActionItem(
            @PathVariable String releaseId, @PathVariable String actionItemId,
            @Valid @RequestBody(required = false) CompleteActionItemRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        String note = body == null ? null : body.note();
        return commands.dispatch(exchange, Target.release(releaseId).ifMatch(ifMatch),
                        (actor, at) -> new CompleteActionItem(releaseId, actionItemId, note, actor, at))
                .map(done -> done.ok(new ActionItemCompleted(releaseId, actionItemId, true)));
    }

    @PostMapping("/close-retrospective")
    @Operation(summary = "Close the retrospective with a summary")
    Mono<ResponseEntity<RetrospectiveClosed>> close(
            @PathVariable String releaseId, @Valid @RequestBody CloseRetrospectiveRequest body,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch, ServerWebExchange exchange) {
        return commands.dispatch(exchange, Target.release(releaseId).ifMatch(ifMatch),
                        (actor, at) -> new CloseRetrospective(releaseId, body.summary(), actor, at))
                .map(done -> done.ok(new RetrospectiveClosed(releaseId, true)));
    }

    record LessonRecorded(String releaseId, String lessonId) {
    }

    record ActionItemAdded(String releaseId, String actionItemId) {
    }

    record ActionItemCompleted(String releaseId, String actionItemId, boolean done) {
    }

    record RetrospectiveClosed(String releaseId, boolean closed) {
    }
}
