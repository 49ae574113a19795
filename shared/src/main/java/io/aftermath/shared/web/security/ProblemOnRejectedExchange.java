package io.aftermath.shared.web.security;

import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Spring Security's firewall refuses URLs it deems dangerous (an encoded slash or a NUL in the path,
 * a non-normalised path) and header values holding control characters with a bare 400; this answers
 * problem+json like every other refusal, worded by {@code Problems}.
 */
final class ProblemOnRejectedExchange implements ServerExchangeRejectedHandler {

    private final ProblemWriter problems;

    ProblemOnRejectedExchange(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return problems.write(exchange, rejected);
    }
}
