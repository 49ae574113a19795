package io.aftermath.shared.query;

/**
 * A ticket, with a window of its history and one of its duplicates: a canonical ticket gathers an entry
 * and a duplicate per marking, thousands of them for a widely reported failure, where a page wants the
 * state and the latest few.
 */
public record FindTicket(String ticketId, Window history, Window duplicates) {

    /** The whole ticket. */
    public FindTicket(String ticketId) {
        this(ticketId, Window.ALL, Window.ALL);
    }
}
