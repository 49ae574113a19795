package io.aftermath.shared.web.security;

import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;

/**
 * Answers a browser's CORS preflight with a problem rather than WebFlux's bare 403: Aftermath sends no CORS
 * headers, so a page of another origin may neither read its answers nor send it what needs a preflight, and
 * the developer looking at the refused preflight should learn that from it.
 */
public class CrossOriginPreflightFilter extends RefusingFilter {

    public CrossOriginPreflightFilter(ProblemWriter problems) {
        super(problems);
    }

    @Override
    Problem refusal(ServerWebExchange exchange) {
        if (!CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return null;
        }
        return Problem.of(ErrorCode.CROSS_ORIGIN_REQUEST, "Aftermath answers no cross-origin requests from pages "
                + "and sends no CORS headers: serve the page from this node's origin or call the API from a server");
    }

    /** Beside the cross-site write check, before authentication: a browser's preflight carries no credentials. */
    @Override
    public int getOrder() {
        return CrossSiteWriteFilter.ORDER;
    }
}
