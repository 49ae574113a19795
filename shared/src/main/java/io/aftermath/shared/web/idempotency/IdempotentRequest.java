package io.aftermath.shared.web.idempotency;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The request behind an {@code Idempotency-Key}, as the handlers downstream of {@link IdempotencyFilter}
 * see it. {@code requestId} is the same on every run of the request, so ids a handler derives from it
 * come out the same when a run left unfinished by a dead node is taken over; {@code resumed} marks such
 * a run.
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
