package io.aftermath.command.postmortem.importing;

/**
 * Upper bounds of an imported post-mortem's fields. The whole request is bounded by the body limit
 * ({@code aftermath.web.max-body-size}); these keep one entry from swamping the search index.
 */
public final class ImportLimits {

    public static final int TITLE = 200;
    public static final int BODY = 100_000;
    public static final int SUMMARY = 10_000;
    /** Company and product: some real product names run past a hundred characters. */
    public static final int NAME = 200;
    public static final int URL = 2_000;
    public static final int SOURCE_ID = 200;
    public static final int ITEMS = 100;
    public static final int ITEM = 100;

    private ImportLimits() {
    }
}
