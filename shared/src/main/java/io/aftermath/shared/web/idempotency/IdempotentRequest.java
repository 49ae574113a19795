package io.aftermath.shared.web.idempotency;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The request behind an {@code Idempotency-Key}, as the handlers downstream of {@link IdempotencyFilter}
 * see it. {@code requestId} is derived from the user, the key and the request, so ids a handler derives
 * from it come out the same in every run of that request: the run after a dead node's lease, and the
 * run after a crash that lost the key's record before the store made it durable. Any run may thus
 * find some of its work already in the log.
 */
public record IdempotentRequest(String requestId) {

    private static final String ATTRIBUTE = IdempotentRequest.class.getName();

    public static Optional<IdempotentRequest> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }

    public void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }
}
