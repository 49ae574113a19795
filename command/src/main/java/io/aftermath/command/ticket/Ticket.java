package io.aftermath.command.ticket;

import static io.aftermath.shared.error.DomainRejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import io.aftermath.command.directory.ReleaseDirectory;
import io.aftermath.command.directory.ReleaseFacts;
import io.aftermath.command.precondition.ExpectedVersions;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.release.Versions;
import io.aftermath.shared.text.PlainText;
import io.aftermath.shared.ticket.AssignTicket;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;
import io.aftermath.shared.ticket.MarkDuplicate;
import io.aftermath.shared.ticket.Prioritise;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Reopen;
import io.aftermath.shared.ticket.ReportTicket;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Resolve;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * A reported problem and its lifecycle. Marking a duplicate and reopening one touch two tickets, so
 * those are decided by {@link DuplicateMarking} and {@link Reopening}, which call the package-private
 * methods at the bottom. Snapshotted ({@link TicketSnapshots}): its fields are its snapshot, so a change to them
 * raises the revision, and snapshots of another revision are passed over for the events.
 */
@Aggregate(snapshotTriggerDefinition = "ticketSnapshotTrigger")
@Revision("1")
class Ticket {

    @AggregateIdentifier
    private String ticketId;
    private String releaseId;
    private String reporter;
    private TicketStatus status;
    private Priority priority;
    private String assignee;
    private Resolution resolution;
    private String summary;
    private String fixedIn;
    private String canonicalTicketId;

    Ticket() {
    }

    @CommandHandler
    Ticket(ReportTicket command, ReleaseDirectory releases) {
        require(hasText(command.title()) && hasText(command.description()), ErrorCode.VALIDATION_FAILED,
                "A ticket needs a title and a description");
        require(releases.find(command.releaseId()).isPresent(), ErrorCode.UNKNOWN_RELEASE,
                "No release " + command.releaseId());
        ExpectedVersions.reportCreated(apply(new TicketReported(command.ticketId(), command.releaseId(),
                command.title(), command.description(), command.component(), command.reportedVia(), command.actor(),
                command.at())));
    }

    @CommandHandlerInterceptor
    Object requireExpectedVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        return ExpectedVersions.guard("Ticket " + ticketId, chain);
    }

    /** Returns the derived priority, which is what the caller wants to see. */
    @CommandHandler
    Priority handle(Prioritise command) {
        requireOpen();
        require(command.severity() != null && command.urgency() != null && hasText(command.reason()),
                ErrorCode.VALIDATION_FAILED, "Prioritising needs a severity, an urgency and a reason");
        Priority derived = Priority.of(command.severity(), command.urgency());
        apply(new TicketPrioritised(ticketId, command.severity(), command.urgency(), derived, priority,
                command.reason(), command.actor(), command.at()));
        return derived;
    }

    @CommandHandler
    void handle(AssignTicket command) {
        requireOpen();
        require(hasText(command.assignee()), ErrorCode.VALIDATION_FAILED, "Assigning needs an assignee");
        require(priority != null, ErrorCode.TICKET_NOT_TRIAGED, "Prioritise the ticket before assigning it");
        if (status == TicketStatus.IN_PROGRESS && command.assignee().equals(assignee)) {
            return;
        }
        apply(new TicketAssigned(ticketId, command.assignee(), command.actor(), command.at()));
    }

    /**
     * Resolving again with the same outcome is a retry and changes nothing; a different outcome is
     * refused, a different summary included: accepting it would answer 200 and drop the new words.
     */
    @CommandHandler
    void handle(Resolve command, ReleaseDirectory releases) {
        require(status != TicketStatus.DUPLICATE, ErrorCode.TICKET_IS_DUPLICATE,
                "A duplicate is resolved through its canonical ticket " + canonicalTicketId);
        require(command.resolution() != null && hasText(command.summary()), ErrorCode.VALIDATION_FAILED,
                "Resolving needs a resolution and a summary");
        require(command.resolution() != Resolution.HOTFIXED || hasText(command.fixedIn()),
                ErrorCode.HOTFIX_REQUIRES_RELEASE, "A hotfix names the release it shipped in (fixedIn)");
        if (command.fixedIn() != null && !command.resolution().shipsAFix()) {
            throw new InvalidParameter("fixedIn", "must be left out: it names the release a fix shipped in, and a "
                    + command.resolution() + " resolution ships none (a later sighting would count as a regression)");
        }
        if (status == TicketStatus.RESOLVED) {
            require(command.resolution() == resolution && Objects.equals(command.fixedIn(), fixedIn)
                            && command.summary().equals(summary), ErrorCode.TICKET_ALREADY_RESOLVED,
                    "The ticket is already resolved as " + resolution + (fixedIn == null ? "" : " in " + fixedIn)
                            + " (\"" + summary + "\"); reopen it first");
            return;
        }
        if (command.fixedIn() != null) {
            requireFixCanShipIn(command, releases);
        }
        apply(new TicketResolved(ticketId, releaseId, command.resolution(), command.summary(), command.fixedIn(),
                command.actor(), command.at()));
    }

    /**
     * A fix ships after the fault: in a later version of the ticket's own service, or in a release of
     * another one deployed at or after the ticket's release. A fix in the faulty release itself would make every later sighting there a regression.
     * HOTFIXED names a release registered as a hotfix, which is what folds it into the timeline.
     */
    private void requireFixCanShipIn(Resolve command, ReleaseDirectory releases) {
        ReleaseFacts fix = releases.find(command.fixedIn())
                .orElseThrow(() -> new DomainRejection(ErrorCode.UNKNOWN_RELEASE, "No release " + command.fixedIn()));
        releases.find(releaseId).ifPresent(faulty -> {
            if (faulty.service().equals(fix.service())) {
                require(Versions.isLater(fix.version(), faulty.version()), ErrorCode.INVALID_FIX_RELEASE,
                        "The fault was found in " + releaseId + ", so its fix ships in a later version of "
                                + faulty.service() + ", not in " + fix.releaseId());
            } else {
                require(!fix.deployedAt().isBefore(faulty.deployedAt()), ErrorCode.INVALID_FIX_RELEASE,
                        "The fault was found in " + releaseId + ", deployed " + faulty.deployedAt() + ", so "
                                + fix.releaseId() + ", deployed before it at " + fix.deployedAt() + ", cannot hold its fix");
            }
        });
        require(command.resolution() != Resolution.HOTFIXED || fix.hotfixOf() != null, ErrorCode.INVALID_FIX_RELEASE,
                fix.releaseId() + " was not registered as a hotfix (hotfixOf); a fix shipped in a regular release is FIXED");
    }

    /**
     * Seen again in the fixing release itself, or in one of the same service that ranks with it or
     * later: {@code 1.0.0+b2} is the fixing {@code 1.0.0+b1} rebuilt, whose build metadata semver ignores.
     */
    private boolean isRegression(ReleaseFacts observed, ReleaseDirectory releases) {
        if (!shippedAFix()) {
            return false;
        }
        if (fixedIn.equals(observed.releaseId())) {
            return true;
        }
        return releases.find(fixedIn)
                .filter(fix -> fix.service().equals(observed.service()))
                .filter(fix -> Versions.compare(observed.version(), fix.version()) >= 0)
                .isPresent();
    }

    /**
     * Reopened without saying where it was seen: the contract's "reopened after the release it was fixed in". A
     * release may be registered up to five minutes before its deployment, and until then the fix has not shipped.
     */
    private boolean fixHadShipped(Instant reopenedAt, ReleaseDirectory releases) {
        return shippedAFix() && releases.find(fixedIn).filter(fix -> !fix.deployedAt().isAfter(reopenedAt)).isPresent();
    }

    /** Logs written before fixedIn was refused for other resolutions may hold one beside WONT_FIX. */
    private boolean shippedAFix() {
        return fixedIn != null && resolution.shipsAFix();
    }

    /**
     * Returns false when the ticket is already a duplicate of this canonical: a retried marking. The
     * canonical is the end of the chain; if it is this ticket, the marking would close a cycle.
     */
    boolean markAsDuplicateOf(MarkDuplicate command, String finalCanonicalId) {
        if (status == TicketStatus.DUPLICATE && (canonicalTicketId.equals(finalCanonicalId)
                || canonicalTicketId.equals(command.canonicalTicketId()))) {
            return false;
        }
        requireOpen();
        require(!finalCanonicalId.equals(ticketId), ErrorCode.DUPLICATE_CYCLE,
                "Ticket " + command.canonicalTicketId() + " is already a duplicate of " + ticketId);
        apply(new TicketMarkedDuplicate(ticketId, finalCanonicalId, command.canonicalTicketId(), releaseId,
                command.actor(), command.at()));
        return true;
    }

    /**
     * A report joins this ticket as a duplicate unless this ticket is resolved by a fix that shipped in the
     * report's release or before it: the fault seen there is a regression, which only reopening records,
     * and a duplicate of a closed ticket would leave the queue without a trace of it.
     */
    void requireNoRegressionIn(String reportedIn, String duplicateId, ReleaseDirectory releases) {
        if (status != TicketStatus.RESOLVED) {
            return;
        }
        releases.find(reportedIn).filter(reported -> isRegression(reported, releases)).ifPresent(reported -> {
            throw new DomainRejection(ErrorCode.REGRESSION_NOT_DUPLICATE, "Ticket " + ticketId + " was fixed in "
                    + fixedIn + ", and ticket " + duplicateId + " reports it in " + reportedIn + ": a regression. "
                    + "Reopen " + ticketId + " with observedIn " + reportedIn + ", then mark " + duplicateId
                    + " its duplicate");
        });
    }

    void attachDuplicate(MarkDuplicate command, String duplicateReporter) {
        apply(new DuplicateAttached(ticketId, command.ticketId(), duplicateReporter, command.actor(), command.at()));
    }

    /**
     * A resolved ticket seen again, or a duplicate marked by mistake; the caller detaches a duplicate
     * from its canonical. A duplicate was never fixed, so reopening one is never a regression, whatever
     * an earlier resolution named as fixed in.
     */
    void reopen(Reopen command, ReleaseDirectory releases) {
        require(status == TicketStatus.RESOLVED || status == TicketStatus.DUPLICATE, ErrorCode.TICKET_NOT_RESOLVED,
                "Only a resolved or duplicate ticket can be reopened");
        require(hasText(command.reason()), ErrorCode.VALIDATION_FAILED, "Reopening needs a reason");
        Optional<ReleaseFacts> observed = Optional.empty();
        if (command.observedIn() != null) {
            observed = releases.find(command.observedIn());
            require(observed.isPresent(), ErrorCode.UNKNOWN_RELEASE, "No release " + command.observedIn());
        }
        boolean regression = status == TicketStatus.RESOLVED && (observed.isPresent()
                ? isRegression(observed.get(), releases) : fixHadShipped(command.at(), releases));
        apply(new TicketReopened(ticketId, releaseId, command.reason(), command.observedIn(), command.actor(),
                command.at()));
        if (regression) {
            apply(new RegressionDetected(ticketId, releaseId, fixedIn, command.observedIn(), command.actor(),
                    command.at()));
        }
    }

    void detachDuplicate(Reopen command) {
        apply(new DuplicateDetached(ticketId, command.ticketId(), command.reason(), command.actor(), command.at()));
    }

    boolean isDuplicate() {
        return status == TicketStatus.DUPLICATE;
    }

    String canonicalTicketId() {
        return canonicalTicketId;
    }

    TicketStatus status() {
        return status;
    }

    String reporter() {
        return reporter;
    }

    String releaseId() {
        return releaseId;
    }

    private void requireOpen() {
        require(!status.isClosed(), ErrorCode.TICKET_CLOSED, "The ticket is " + status + "; reopen it first");
    }

    private static boolean hasText(String value) {
        return !PlainText.isBlank(value);
    }

    @EventSourcingHandler
    void on(TicketReported event) {
        ticketId = event.ticketId();
        releaseId = event.releaseId();
        reporter = event.actor();
        status = TicketStatus.REPORTED;
    }

    @EventSourcingHandler
    void on(TicketPrioritised event) {
        priority = event.priority();
        if (status == TicketStatus.REPORTED || status == TicketStatus.REOPENED) {
            status = TicketStatus.TRIAGED;
        }
    }

    @EventSourcingHandler
    void on(TicketAssigned event) {
        assignee = event.assignee();
        status = TicketStatus.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(TicketResolved event) {
        resolution = event.resolution();
        summary = event.summary();
        fixedIn = event.fixedIn();
        status = TicketStatus.RESOLVED;
    }

    @EventSourcingHandler
    void on(TicketReopened event) {
        status = TicketStatus.REOPENED;
        canonicalTicketId = null;
    }

    @EventSourcingHandler
    void on(TicketMarkedDuplicate event) {
        canonicalTicketId = event.canonicalTicketId();
        status = TicketStatus.DUPLICATE;
    }
}
