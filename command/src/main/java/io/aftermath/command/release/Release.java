package io.aftermath.command.release;

import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import io.aftermath.command.directory.ReleaseDirectory;
import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.release.PublishUserUpdate;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseId;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;

/**
 * A release and what was told to its users. Its uniqueness needs no lookup: a second registration
 * of the same id is a second creation of the same stream, which the event store refuses.
 */
@Aggregate
class Release {

    @AggregateIdentifier
    private String releaseId;
    private Set<String> userUpdateIds = new HashSet<>();
    @AggregateMember
    private Retrospective retrospective;

    Release() {
    }

    @CommandHandler
    Release(RegisterRelease command, ReleaseDirectory releases) {
        require(ReleaseId.isValid(command.service(), command.version())
                        && ReleaseId.of(command.service(), command.version()).equals(command.releaseId()),
                ErrorCode.INVALID_RELEASE_ID, "A release id is service@version without spaces, got " + command.releaseId());
        if (command.hotfixOf() != null) {
            require(!command.hotfixOf().equals(command.releaseId()), ErrorCode.VALIDATION_FAILED,
                    "A release cannot be a hotfix of itself");
            require(releases.find(command.hotfixOf()).isPresent(), ErrorCode.UNKNOWN_RELEASE,
                    "No release " + command.hotfixOf() + " to hotfix");
        }
        // A release registered without a deployment time was deployed when it was registered.
        var deployedAt = command.deployedAt() != null ? command.deployedAt() : command.at();
        apply(new ReleaseRegistered(command.releaseId(), command.service(), command.version(), deployedAt,
                command.hotfixOf(), command.notes(), command.actor(), command.at()));
    }

    @CommandHandler
    void handle(PublishUserUpdate command, TicketDirectory tickets) {
        require(hasText(command.updateId()) && command.status() != null && command.channel() != null
                && hasText(command.message()), ErrorCode.VALIDATION_FAILED, "A user update needs a status, a channel and a message");
        require(!userUpdateIds.contains(command.updateId()), ErrorCode.USER_UPDATE_EXISTS,
                "User update " + command.updateId() + " was already published");
        requireTicketsExist(command.ticketIds(), tickets);
        apply(new UserUpdatePublished(releaseId, command.updateId(), command.status(), command.channel(),
                command.message(), command.ticketIds(), command.actor(), command.at()));
    }

    static void requireTicketsExist(List<String> ticketIds, TicketDirectory tickets) {
        for (String ticketId : ticketIds) {
            require(tickets.find(ticketId).isPresent(), ErrorCode.UNKNOWN_TICKET, "No ticket " + ticketId);
        }
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    @EventSourcingHandler
    void on(ReleaseRegistered event) {
        releaseId = event.releaseId();
        retrospective = new Retrospective();
    }

    @EventSourcingHandler
    void on(UserUpdatePublished event) {
        userUpdateIds.add(event.updateId());
    }
}
