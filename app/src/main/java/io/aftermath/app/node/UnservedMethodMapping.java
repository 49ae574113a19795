package io.aftermath.app.node;

import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.node.NodeRole;
import reactor.core.publisher.Mono;

/**
 * A method no role serves at a path some role serves is 405 with every role's methods in
 * {@code Allow}, as on a node running both: this node alone knows only its own, or (when none of its
 * controllers has the path) would answer 404. Ordered before the annotated controllers (0) and router
 * functions (-1) so their 405 does not answer first. A path no role serves is left to them (404), and
 * so is OPTIONS. A method another role serves never gets here: {@link MisdirectedRequestFilter} has
 * answered it 421.
 */
final class UnservedMethodMapping extends AbstractHandlerMapping {

    private static final int ORDER = -2;

    private final RoleRoutes routes;
    /** A node running every role has every controller, whose own 405 names every method. */
    private final boolean runsEveryRole;

    UnservedMethodMapping(RoleRoutes routes, Set<NodeRole> running) {
        this.routes = routes;
        this.runsEveryRole = running.size() == NodeRole.values().length;
        setOrder(ORDER);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (runsEveryRole || !routes.serving(exchange).isEmpty() || HttpMethod.OPTIONS.equals(method)) {
            return Mono.empty();
        }
        Set<HttpMethod> allowed = routes.methodsAt(exchange);
        return allowed.isEmpty() ? Mono.empty() : Mono.error(new MethodNotAllowedException(method, allowed));
    }
}
