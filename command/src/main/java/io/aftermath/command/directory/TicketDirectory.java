package io.aftermath.command.directory;

import java.util.Optional;

/** Lets an aggregate check a ticket it refers to without loading (and locking) that ticket. */
public interface TicketDirectory {

    Optional<TicketFacts> find(String ticketId);
}
