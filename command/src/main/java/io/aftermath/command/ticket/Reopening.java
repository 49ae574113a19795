package io.aftermath.command.ticket;

import static io.aftermath.shared.error.DomainRejection.require;

import java.util.Map;
import java.util.Objects;

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
import io.aftermath.shared.ticket.Reopen;

/**
 * Reopens a ticket. A duplicate leaves its canonical ticket the way it joined it (see
 * {@link DuplicateMarking}): one event on each stream in one unit of work, so the canonical never keeps
 * counting a ticket that is back in the queue. Which canonical that is, is read from the directory
 * before locking (locks are taken in id order) and checked again under the locks.
 */
@Component
class Reopening {

    private final Repository<Ticket> tickets;
    private final TicketDirectory directory;
    private final ReleaseDirectory releases;

    Reopening(Repository<Ticket> tickets, TicketDirectory directory, ReleaseDirectory releases) {
        this.tickets = tickets;
        this.directory = directory;
        this.releases = releases;
    }

    @CommandHandler
    void handle(Reopen command) {
        TicketFacts facts = directory.find(command.ticketId())
                .orElseThrow(() -> new DomainRejection(ErrorCode.TICKET_NOT_FOUND, "No ticket " + command.ticketId()));
        String canonicalId = facts.canonicalTicketId();
        Map<String, Aggregate<Ticket>> locked = TicketLocks.loadInIdOrder(tickets, command.ticketId(), canonicalId);
        Aggregate<Ticket> ticket = locked.get(command.ticketId());
        ExpectedVersions.require("Ticket " + command.ticketId(), ticket.version());
        require(Objects.equals(ticket.invoke(Ticket::canonicalTicketId), canonicalId), ErrorCode.CONCURRENCY_CONFLICT,
                "Ticket " + command.ticketId() + " was marked a duplicate or reopened meanwhile; retry");
        ticket.execute(reopened -> reopened.reopen(command, releases));
        if (canonicalId != null) {
            locked.get(canonicalId).execute(canonical -> canonical.detachDuplicate(command));
        }
        ExpectedVersions.report(ticket.version());
    }
}
