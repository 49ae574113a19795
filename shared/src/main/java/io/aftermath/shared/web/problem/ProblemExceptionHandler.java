package io.aftermath.shared.web.problem;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Renders every failure that leaves the handler chain as problem+json. Ordered before Spring Boot's
 * own error handler, which would answer with its JSON error map instead.
 */
public class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    private final ProblemWriter writer;

    public ProblemExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        return writer.write(exchange, failure);
    }

    @Override
    public int getOrder() {
        return -2;
    }
}
