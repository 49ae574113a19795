package io.aftermath.shared.web;

/** The HTTP headers that are part of Aftermath's contract, beside the standard ones. */
public final class Headers {

    /**
     * On every successful write: the first free log position once the command's events were durable,
     * so all of them sit below it. A read that has processed the log up to it sees the write.
     */
    public static final String POSITION = "X-Aftermath-Position";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Every key refused is told this, whoever refuses it: the security firewall or the idempotency filter. */
    public static final String IDEMPOTENCY_KEY_RULE = "must be 1 to 255 visible ASCII characters";
    /** Set on an answer that was stored for an earlier request with the same idempotency key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {
    }

    /**
     * The strong entity tag of a ticket or a release: its aggregate version, the sequence number of
     * the last event of its stream (0 for the first), in quotes: {@code "7"}.
     */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
