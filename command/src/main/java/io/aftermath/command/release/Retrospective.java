package io.aftermath.command.release;

import static io.aftermath.command.release.Release.hasText;
import static io.aftermath.command.release.Release.requireTicketsExist;
import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.AddActionItem;
import io.aftermath.shared.retrospective.CloseRetrospective;
import io.aftermath.shared.retrospective.CompleteActionItem;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RecordLesson;
import io.aftermath.shared.retrospective.RetrospectiveClosed;

/**
 * The retrospective of one release, an entity of the release's stream: lessons and action items
 * then belong to a release without a second stream to keep consistent.
 */
class Retrospective {

    private boolean closed;
    private String closingSummary;
    private String closedBy;
    private Instant closedAt;
    private Set<String> lessonIds = new HashSet<>();
    private Set<String> actionItemIds = new HashSet<>();
    /** The note each completed item was completed with, so that a retry can be told from a change. */
    private Map<String, String> completionNotes = new HashMap<>();

    @CommandHandler
    void handle(RecordLesson command, TicketDirectory tickets) {
        requireOpen(command.releaseId());
        require(hasText(command.lessonId()) && hasText(command.title()) && hasText(command.whatHappened()),
                ErrorCode.VALIDATION_FAILED, "A lesson needs a title and what happened");
        require(!lessonIds.contains(command.lessonId()), ErrorCode.LESSON_EXISTS,
                "Lesson " + command.lessonId() + " was already recorded");
        requireTicketsExist(command.ticketIds(), tickets);
        apply(new LessonRecorded(command.releaseId(), command.lessonId(), command.title(), command.whatHappened(),
                command.contributingFactors(), command.whatWentWell(), command.improvements(), command.ticketIds(),
                command.tags(), command.actor(), command.at()));
    }

    @CommandHandler
    void handle(AddActionItem command) {
        requireOpen(command.releaseId());
        require(hasText(command.actionItemId()) && hasText(command.title()) && hasText(command.owner()),
                ErrorCode.VALIDATION_FAILED, "An action item needs a title and an owner");
        require(!actionItemIds.contains(command.actionItemId()), ErrorCode.ACTION_ITEM_EXISTS,
                "Action item " + command.actionItemId() + " already exists");
        if (command.lessonId() != null && !hasText(command.lessonId())) {
            throw new InvalidParameter("lessonId", "must name one of the release's lessons; leave it out to link none");
        }
        require(command.lessonId() == null || lessonIds.contains(command.lessonId()), ErrorCode.LESSON_NOT_FOUND,
                "No lesson " + command.lessonId() + " in this release");
        apply(new ActionItemAdded(command.releaseId(), command.actionItemId(), command.title(), command.owner(),
                command.dueDate(), command.lessonId(), command.actor(), command.at()));
    }

    /**
     * Allowed after the close, since follow-ups outlive the meeting. Completing again with the same
     * note is a retry and changes nothing; another note is refused rather than dropped unseen.
     */
    @CommandHandler
    void handle(CompleteActionItem command) {
        require(actionItemIds.contains(command.actionItemId()), ErrorCode.ACTION_ITEM_NOT_FOUND,
                "No action item " + command.actionItemId() + " in this release");
        if (completionNotes.containsKey(command.actionItemId())) {
            String note = completionNotes.get(command.actionItemId());
            require(Objects.equals(note, command.note()), ErrorCode.ACTION_ITEM_ALREADY_DONE,
                    "Action item " + command.actionItemId() + " is already done"
                            + (note == null ? " without a note" : " with the note: " + note));
            return;
        }
        apply(new ActionItemCompleted(command.releaseId(), command.actionItemId(), command.note(), command.actor(),
                command.at()));
    }

    /** Closing again with the same summary is a retry and changes nothing; another summary is refused. */
    @CommandHandler
    void handle(CloseRetrospective command) {
        if (closed && Objects.equals(closingSummary, command.summary())) {
            return;
        }
        require(!closed, ErrorCode.RETROSPECTIVE_CLOSED,
                "The retrospective of this release is already closed with the summary: " + closingSummary);
        require(hasText(command.summary()), ErrorCode.VALIDATION_FAILED, "Closing a retrospective needs a summary");
        apply(new RetrospectiveClosed(command.releaseId(), command.summary(), command.actor(), command.at()));
    }

    /** Says who closed it and when, and what a closed retrospective still takes, so nobody has to go and look. */
    private void requireOpen(String releaseId) {
        if (closed) {
            throw new DomainRejection(ErrorCode.RETROSPECTIVE_CLOSED, "The retrospective of " + releaseId
                    + " was closed by " + closedBy + " at " + closedAt.truncatedTo(ChronoUnit.MILLIS) + " (\""
                    + closingSummary + "\"): no lessons or action items are added after the close; the action items "
                    + "added before may still be completed");
        }
    }

    @EventSourcingHandler
    void on(LessonRecorded event) {
        lessonIds.add(event.lessonId());
    }

    @EventSourcingHandler
    void on(ActionItemAdded event) {
        actionItemIds.add(event.actionItemId());
    }

    @EventSourcingHandler
    void on(ActionItemCompleted event) {
        completionNotes.put(event.actionItemId(), event.note());
    }

    @EventSourcingHandler
    void on(RetrospectiveClosed event) {
        closed = true;
        closingSummary = event.summary();
        closedBy = event.actor();
        closedAt = event.at();
    }
}
