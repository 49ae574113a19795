package io.aftermath.command.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.web.idempotency.IdempotentRequest;

/**
 * New ids are taken at the edge, never inside a decision, so aggregate tests stay exact. A request
 * with an {@code Idempotency-Key} gets its id from the key's request id, so a run that takes over from
 * a dead node names the same ticket, lesson, action item or user update as the run it repeats, and
 * meets it in the log instead of recording it twice.
 */
@Component
public class IdGenerator {

    public String next(ServerWebExchange exchange) {
        return IdempotentRequest.of(exchange)
                .map(request -> ("created-by:" + request.requestId()).getBytes(StandardCharsets.UTF_8))
                .map(UUID::nameUUIDFromBytes)
                .orElseGet(UUID::randomUUID)
                .toString();
    }
}
