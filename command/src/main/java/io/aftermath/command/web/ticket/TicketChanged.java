package io.aftermath.command.web.ticket;

import io.aftermath.shared.ticket.TicketStatus;

/** The answer to a lifecycle change: the ticket and the status it is now in. */
record TicketChanged(String ticketId, TicketStatus status) {
}
