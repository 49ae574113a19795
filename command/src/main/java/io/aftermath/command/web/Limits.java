package io.aftermath.command.web;

/** Upper bounds of request fields; generous for people, small enough that no field can swamp a stream. */
public final class Limits {

    public static final int TITLE = 200;
    public static final int DESCRIPTION = 20_000;
    public static final int NAME = 100;
    public static final int ID = 100;
    /** service@version. */
    public static final int RELEASE_ID = 2 * NAME + 1;
    public static final int PERSON = 200;
    public static final int REASON = 2_000;
    public static final int TEXT = 10_000;
    public static final int LONG_TEXT = 20_000;
    public static final int TAG = 50;
    public static final int ITEMS = 100;

    private Limits() {
    }
}
