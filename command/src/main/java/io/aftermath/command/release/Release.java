package io.aftermath.command.release;

import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

import io.aftermath.command.directory.ReleaseDirectory;
import io.aftermath.command.directory.ReleaseFacts;
import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.command.precondition.ExpectedVersions;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.release.PublishUserUpdate;
import io.aftermath.shared.release.RegisterRelease;
import io.aftermath.shared.release.ReleaseId;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.Versions;
import io.aftermath.shared.text.PlainText;

/**
 * A release and what was told to its users. A second registration of the same id would be a second
 * creation of its stream, which the event store refuses, but only after the commit took a position,
 * which then holds a void: the directory is asked first, and the store's refusal remains for a race.
 */
@Aggregate
class Release {

    /** How far a deployment clock may run ahead of this node's before a deployment counts as not yet made. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

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
                ErrorCode.INVALID_RELEASE_ID, "A release id is service@version, each starting with a letter or digit and holding only letters, digits, '.', '_', '-' (and '+' in the version), got " + command.releaseId());
        require(releases.find(command.releaseId()).isEmpty(), ErrorCode.RELEASE_EXISTS,
                command.releaseId() + " already exists");
        // A release registered without a deployment time was deployed when it was registered.
        var deployedAt = command.deployedAt() != null ? command.deployedAt() : command.at();
        if (deployedAt.isAfter(command.at().plus(CLOCK_SKEW))) {
            throw new InvalidParameter("deployedAt", "is " + deployedAt
                    + ", in the future: a release is registered once it is deployed");
        }
        if (command.hotfixOf() != null) {
            requireHotfix(command, deployedAt, releases);
        }
        ExpectedVersions.reportCreated(apply(new ReleaseRegistered(command.releaseId(), command.service(),
                command.version(), deployedAt, command.hotfixOf(), command.notes(), command.actor(), command.at())));
    }

    /** Also guards the retrospective's commands: an {@code If-Match} names the release's version. */
    @CommandHandlerInterceptor
    Object requireExpectedVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        return ExpectedVersions.guard("Release " + releaseId, chain);
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

    /** A hotfix ships the release it fixes plus the fix: a later version of the same service. */
    private static void requireHotfix(RegisterRelease hotfix, Instant deployedAt, ReleaseDirectory releases) {
        if (hotfix.hotfixOf().equals(hotfix.releaseId())) {
            throw new InvalidParameter("hotfixOf", "names the release itself: a release cannot be a hotfix of itself");
        }
        Optional<ReleaseFacts> fixed = releases.find(hotfix.hotfixOf());
        require(fixed.isPresent(), ErrorCode.UNKNOWN_RELEASE, "No release " + hotfix.hotfixOf() + " to hotfix");
        require(fixed.get().service().equals(hotfix.service()), ErrorCode.INVALID_HOTFIX,
                "A hotfix of " + hotfix.hotfixOf() + " must be a release of " + fixed.get().service()
                        + ", not of " + hotfix.service());
        // Semver precedence: a pre-release of the fixed version (1.0.0-hotfix) comes before it, so it is refused.
        require(Versions.isLater(hotfix.version(), fixed.get().version()), ErrorCode.INVALID_HOTFIX,
                "A hotfix of " + hotfix.hotfixOf() + " must be a version later than " + fixed.get().version()
                        + ", not " + hotfix.version());
        require(!deployedAt.isBefore(fixed.get().deployedAt()), ErrorCode.INVALID_HOTFIX,
                "A hotfix of " + hotfix.hotfixOf() + " is deployed at or after it (" + fixed.get().deployedAt()
                        + "), not at " + deployedAt);
    }

    static void requireTicketsExist(List<String> ticketIds, TicketDirectory tickets) {
        for (String ticketId : ticketIds) {
            require(tickets.find(ticketId).isPresent(), ErrorCode.UNKNOWN_TICKET, "No ticket " + ticketId);
        }
    }

    static boolean hasText(String value) {
        return !PlainText.isBlank(value);
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
