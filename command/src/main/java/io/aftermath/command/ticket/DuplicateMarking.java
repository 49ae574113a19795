package io.aftermath.command.ticket;

import static io.aftermath.shared.error.DomainRejection.require;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import io.aftermath.command.directory.ReleaseDirectory;
import io.aftermath.command.directory.TicketDirectory;
import io.aftermath.command.directory.TicketFacts;
import io.aftermath.command.precondition.ExpectedVersions;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.text.PlainText;
import io.aftermath.shared.ticket.MarkDuplicate;

/**
 * Marks a ticket as a duplicate of another: one event on each stream, in one unit of work, so that
 * two opposite markings racing on different nodes collide on a stream version instead of leaving a
 * cycle behind.
 * <p>
 * The chain to the final canonical is walked in the directory, which reads without locking; only the
 * two tickets that receive events are loaded, in id order ({@link TicketLocks}), so two opposite
 * markings on one node wait for each other instead of deadlocking. Under those locks the canonical is
 * checked again.
 */
@Component
class DuplicateMarking {

    private final Repository<Ticket> tickets;
    private final TicketDirectory directory;
    private final ReleaseDirectory releases;

    DuplicateMarking(Repository<Ticket> tickets, TicketDirectory directory, ReleaseDirectory releases) {
        this.tickets = tickets;
        this.directory = directory;
        this.releases = releases;
    }

    @CommandHandler
    void handle(MarkDuplicate command) {
        require(!PlainText.isBlank(command.canonicalTicketId()),
                ErrorCode.VALIDATION_FAILED, "Marking a duplicate needs the canonical ticket");
        require(!command.canonicalTicketId().equals(command.ticketId()), ErrorCode.DUPLICATE_OF_ITSELF,
                "A ticket cannot be a duplicate of itself");
        require(directory.find(command.ticketId()).isPresent(), ErrorCode.TICKET_NOT_FOUND,
                "No ticket " + command.ticketId());
        String canonicalId = finalCanonical(command.canonicalTicketId());
        Map<String, Aggregate<Ticket>> locked = TicketLocks.loadInIdOrder(tickets, command.ticketId(), canonicalId);
        Aggregate<Ticket> duplicate = locked.get(command.ticketId());
        Aggregate<Ticket> canonical = locked.get(canonicalId);
        ExpectedVersions.require("Ticket " + command.ticketId(), duplicate.version());
        require(!canonical.invoke(Ticket::isDuplicate), ErrorCode.CONCURRENCY_CONFLICT,
                "Ticket " + canonicalId + " was marked a duplicate meanwhile; retry");
        if (duplicate.invoke(ticket -> ticket.markAsDuplicateOf(command, canonicalId))) {
            // After the marking, so a retried one stays a no-op; a refusal here rolls the marking back with the unit of work.
            String reportedIn = duplicate.invoke(Ticket::releaseId);
            canonical.execute(ticket -> ticket.requireNoRegressionIn(reportedIn, command.ticketId(), releases));
            String reporter = duplicate.invoke(Ticket::reporter);
            canonical.execute(ticket -> ticket.attachDuplicate(command, reporter));
        }
        ExpectedVersions.report(duplicate.version());
    }

    private String finalCanonical(String requested) {
        Set<String> seen = new HashSet<>();
        String current = requested;
        while (seen.add(current)) {
            TicketFacts facts = directory.find(current)
                    .orElseThrow(() -> new DomainRejection(ErrorCode.UNKNOWN_TICKET, "No ticket " + requested));
            if (!facts.duplicate()) {
                return current;
            }
            current = facts.canonicalTicketId();
        }
        throw new DomainRejection(ErrorCode.DUPLICATE_CYCLE, "The duplicate chain of " + requested + " loops");
    }
}
