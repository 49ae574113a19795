package io.aftermath.shared.metadata;

/** The metadata every command and every event carries, besides the timestamp Axon keeps itself. */
public final class MetadataKeys {

    /** The authenticated principal who asked for the change. */
    public static final String ACTOR = "actor";
    /** One id for everything one request set in motion; taken from {@code X-Correlation-Id} when sane. */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one (for an event: its command). */
    public static final String CAUSATION_ID = "causationId";

    private MetadataKeys() {
    }
}
