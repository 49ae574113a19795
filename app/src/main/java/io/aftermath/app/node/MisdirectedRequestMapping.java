package io.aftermath.app.node;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.node.NodeRole;
import reactor.core.publisher.Mono;

/**
 * A request that only a role this node does not run serves is answered 421
 * {@code NOT_SERVED_BY_THIS_NODE}, naming this node's roles and the roles that serve it, rather than
 * 404 (as if the path existed nowhere) or 405 (when this node serves the path with another method,
 * as a query node does {@code GET /api/releases}). Ordered before the annotated controllers (0) and
 * router functions (-1) so their 405 does not answer first; it only takes what no controller of this
 * node's roles serves. A path that no role serves stays a 404, and a method that no role serves at a
 * path is a 405 naming every role's methods, so a node answers such requests as one running both.
 */
final class MisdirectedRequestMapping extends AbstractHandlerMapping {

    private static final int ORDER = -2;

    private final RoleRoutes routes;
    private final Set<NodeRole> running;

    MisdirectedRequestMapping(RoleRoutes routes, Set<NodeRole> running) {
        this.routes = routes;
        this.running = running.isEmpty() ? EnumSet.noneOf(NodeRole.class) : EnumSet.copyOf(running);
        setOrder(ORDER);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        if (running.size() == NodeRole.values().length) {
            return Mono.empty();
        }
        Set<NodeRole> serving = routes.serving(exchange);
        if (serving.isEmpty()) {
            return notAllowed(exchange);
        }
        if (!Collections.disjoint(serving, running)) {
            return Mono.empty();
        }
        String detail = "This node runs " + (running.isEmpty() ? "no role" : "the " + join(running, " and ")
                + " role only") + "; " + exchange.getRequest().getMethod().name() + " "
                + exchange.getRequest().getPath().value() + " is served by " + join(serving, " or ")
                + " nodes (aftermath.roles=" + join(serving, ",") + ")";
        WebHandler refusal = refused -> Mono.error(new DomainRejection(ErrorCode.NOT_SERVED_BY_THIS_NODE, detail));
        return Mono.just(refusal);
    }

    /**
     * A method no role serves at a path some role serves is 405 with every role's methods in
     * {@code Allow}, as on a node running both: this node alone knows only its own, or (when none of
     * its controllers has the path) would answer 404. OPTIONS is left to the annotated controllers.
     */
    private Mono<?> notAllowed(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        Set<HttpMethod> allowed = routes.methodsAt(exchange);
        if (allowed.isEmpty() || HttpMethod.OPTIONS.equals(method)) {
            return Mono.empty();
        }
        return Mono.error(new MethodNotAllowedException(method, allowed));
    }

    private static String join(Set<NodeRole> roles, String separator) {
        return roles.stream().map(NodeRole::setting).collect(Collectors.joining(separator));
    }
}
