package io.aftermath.query.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.aftermath.query.progress.StoreSight;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/**
 * Refuses at once, 503 {@code STORE_UNAVAILABLE}, a read answered from MongoDB (the read models, the log)
 * while the driver sees no writable server, as writes are refused: such a read would otherwise wait out
 * the driver's server selection (30 s), and after a hang its read timeout too (tester 51: 30–50 s for an
 * export), to be refused all the same. Triage and search are answered from the node itself, stale, so
 * they are not among these. Before the heavy requests' turn (-45), so a refused read takes no place.
 */
@Component
class StoreBoundReads implements WebFilter, Ordered {

    private static final List<PathPattern> ROUTES = List.of("/api/tickets/{ticketId}", "/api/releases",
                    "/api/releases/{releaseId}", "/api/releases/{releaseId}/timeline",
                    "/api/releases/{releaseId}/timeline/stream", "/api/releases/{releaseId}/replay",
                    "/api/releases/{releaseId}/events", "/api/events", "/api/audit/verify", "/api/admin/projections")
            .stream().map(PathPatternParser.defaultInstance::parse).toList();

    private final StoreSight store;
    private final ProblemWriter problems;

    StoreBoundReads(StoreSight store, ProblemWriter problems) {
        this.store = store;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!storeBound(exchange.getRequest()) || store.inSight()) {
            return chain.filter(exchange);
        }
        return problems.write(exchange, Problem.of(ErrorCode.STORE_UNAVAILABLE, "No store in sight, and this read is "
                + "answered from it; retry later (triage and search answer from the node itself)"));
    }

    private static boolean storeBound(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && ROUTES.stream().anyMatch(route -> route.matches(request.getPath().pathWithinApplication()));
    }

    @Override
    public int getOrder() {
        return -50;
    }
}
