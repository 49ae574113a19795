package io.aftermath.command.directory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Tickets known to an aggregate under test. */
public class FakeTicketDirectory implements TicketDirectory {

    private final Map<String, TicketFacts> tickets = new HashMap<>();

    public FakeTicketDirectory with(String ticketId, String releaseId) {
        tickets.put(ticketId, new TicketFacts(ticketId, releaseId, "reporter", null, false));
        return this;
    }

    @Override
    public Optional<TicketFacts> find(String ticketId) {
        return Optional.ofNullable(tickets.get(ticketId));
    }
}
