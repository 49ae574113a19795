package io.aftermath.shared.web.problem;

/** The request body went past the configured limit: 413 {@code PAYLOAD_TOO_LARGE}, with this message as detail. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
