package io.aftermath.shared.query;

/** At most {@code limit} items of a list from its {@code offset}-th (0: the first). */
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
