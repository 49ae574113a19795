package io.aftermath.shared.web.security;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/** Answers some requests with a problem before anything else handles them, and passes the others on. */
abstract class RefusingFilter implements WebFilter, Ordered {

    private final ProblemWriter problems;

    RefusingFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The problem the request is answered with, or null to pass it on. */
    abstract Problem refusal(ServerWebExchange exchange);

    @Override
    public final Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Problem refusal = refusal(exchange);
        return refusal == null ? chain.filter(exchange) : problems.write(exchange, refusal);
    }
}
