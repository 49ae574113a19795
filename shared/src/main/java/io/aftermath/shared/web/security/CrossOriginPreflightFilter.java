package io.aftermath.shared.web.security;

import org.springframework.core.Ordered;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Answers a browser's CORS preflight with a problem rather than WebFlux's bare 403: Aftermath sends no CORS
 * headers, so a page of another origin may neither read its answers nor send it what needs a preflight, and
 * the developer looking at the refused preflight should learn that from it.
 */
public class CrossOriginPreflightFilter implements WebFilter, Ordered {

    private final ProblemWriter problems;

    public CrossOriginPreflightFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.CROSS_ORIGIN_REQUEST, "Aftermath answers no "
                + "cross-origin requests from pages and sends no CORS headers: serve the page from this node's "
                + "origin or call the API from a server"));
    }

    /** Beside the cross-site write check, before authentication: a browser's preflight carries no credentials. */
    @Override
    public int getOrder() {
        return CrossSiteWriteFilter.ORDER;
    }
}
