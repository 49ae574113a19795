package io.aftermath.app.node;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.node.NodeRole;
import reactor.core.publisher.Mono;

/**
 * A request that only a role this node does not run serves is answered 421
 * {@code NOT_SERVED_BY_THIS_NODE}, naming this node's roles and the roles that serve it, rather than
 * 404 (as if the path existed nowhere) or 405 (when this node serves the path with another method,
 * as a query node does {@code GET /api/releases}). A filter, not a handler mapping, so that it answers
 * before the Idempotency-Key is looked at (0): a key whose write succeeded on a command node must not
 * be replayed, or refused as reused, by a query node. After authentication (-100), so a stranger
 * learns nothing about the node; before the refusals that judge the request itself, a write's
 * {@code Accept} (-60) and the store being in sight (-50), which would send the client back to a node
 * that cannot serve it however it retries.
 */
final class MisdirectedRequestFilter implements WebFilter, Ordered {

    private static final int ORDER = -70;

    private final RoleRoutes routes;
    private final Set<NodeRole> running;

    MisdirectedRequestFilter(RoleRoutes routes, Set<NodeRole> running) {
        this.routes = routes;
        this.running = EnumSet.copyOf(running);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (running.size() == NodeRole.values().length) {
            return chain.filter(exchange);
        }
        Set<NodeRole> serving = routes.serving(exchange);
        if (serving.isEmpty() || !Collections.disjoint(serving, running)) {
            return chain.filter(exchange);
        }
        String detail = "This node runs the " + join(running, " and ") + " role only; "
                + exchange.getRequest().getMethod().name() + " "
                + exchange.getRequest().getPath().value() + " is served by " + join(serving, " or ")
                + " nodes (aftermath.roles=" + join(serving, ",") + ")";
        return Mono.error(new DomainRejection(ErrorCode.NOT_SERVED_BY_THIS_NODE, detail));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private static String join(Set<NodeRole> roles, String separator) {
        return roles.stream().map(NodeRole::setting).collect(Collectors.joining(separator));
    }
}
