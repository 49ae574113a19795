package io.aftermath.shared.metadata;

/** The metadata commands and events carry. */
public final class MetadataKeys {

    /** The authenticated principal who asked for the change. */
    public static final String ACTOR = "actor";
    /** One id for everything one request set in motion; taken from {@code X-Correlation-Id} when sane. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one (for an event: its command). */
    public static final String CAUSATION_ID = "causationId";
    /** Events only: when it was recorded, ISO-8601, the same instant as the event's own timestamp. */
    public static final String TIMESTAMP = "timestamp";
    /**
     * Only on writes sent with an {@code Idempotency-Key}: the same id on every run of that request, so a
     * run that takes over from a dead node can tell whether the earlier run's events are in the log.
     */
    public static final String REQUEST_ID = "requestId";

    /**
     * Only on commands sent with {@code If-Match}: the versions of the addressed aggregate the client
     * read (a list of longs); the command is refused unless the aggregate is at one of them. Never
     * carried onto events.
     */
    public static final String EXPECTED_VERSIONS = "expectedVersions";
    /** On a command's result: the version of the aggregate it addressed once it was handled. */
    public static final String AGGREGATE_VERSION = "aggregateVersion";

    private MetadataKeys() {
    }
}
