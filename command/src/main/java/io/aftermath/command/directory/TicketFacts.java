package io.aftermath.command.directory;

/** What other aggregates may know about a ticket. {@code canonicalTicketId} is null unless it is a duplicate. */
public record TicketFacts(String ticketId, String releaseId, String reporter, String canonicalTicketId,
                          boolean resolved) {

    public boolean duplicate() {
        return canonicalTicketId != null;
    }
}
