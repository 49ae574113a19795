package io.aftermath.shared.web.idempotency;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The request behind an {@code Idempotency-Key}, as the handlers downstream of {@link IdempotencyFilter}
 * see it. {@code requestId} is drawn when the key is first claimed and kept when a run left unfinished
 * by a dead node is taken over past the lease, so ids a handler derives from it come out the same in
 * every run; {@code resumed} marks such a later run, some of whose work may already be in the log.
 */
public record IdempotentRequest(String requestId, boolean resumed) {

    private static final String ATTRIBUTE = IdempotentRequest.class.getName();

    public static Optional<IdempotentRequest> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    public void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }
}
