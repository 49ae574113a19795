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

    /** At most {@code limit} items from the {@code offset}-th (0: the oldest). */
    public record Window(int offset, int limit) {

        public static final Window ALL = new Window(0, Integer.MAX_VALUE);

        /** Where the window starts in a list of {@code total}. */
        public int from(int total) {
            return Math.min(offset, total);
        }

        /** Where the window ends in a list of {@code total}, exclusive. */
        public int to(int total) {
            return (int) Math.min(total, (long) offset + limit);
        }
    }
}
