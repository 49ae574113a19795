package io.aftermath.command.ticket;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;

/**
 * Loads (and so locks) the tickets a decision writes to in id order, so that two decisions over the
 * same two tickets on one node wait for each other instead of deadlocking.
 */
final class TicketLocks {

    private TicketLocks() {
    }

    /** A missing subject is not found; a missing other ticket is an unknown reference. */
    static Map<String, Aggregate<Ticket>> loadInIdOrder(Repository<Ticket> tickets, String subjectId,
                                                        String otherId) {
        TreeSet<String> ids = new TreeSet<>();
        ids.add(subjectId);
        if (otherId != null) {
            ids.add(otherId);
        }
        Map<String, Aggregate<Ticket>> loaded = new HashMap<>();
        for (String id : ids) {
            ErrorCode whenMissing = id.equals(subjectId) ? ErrorCode.TICKET_NOT_FOUND : ErrorCode.UNKNOWN_TICKET;
            loaded.put(id, load(tickets, id, whenMissing));
        }
        return loaded;
    }

    private static Aggregate<Ticket> load(Repository<Ticket> tickets, String ticketId, ErrorCode whenMissing) {
        try {
            return tickets.load(ticketId);
        } catch (AggregateNotFoundException e) {
            throw new DomainRejection(whenMissing, "No ticket " + ticketId);
        }
    }
}
