package io.aftermath.shared.web.security;

import org.springframework.web.server.ServerWebExchange;

/**
 * Whether some node role has an endpoint for a request's method and path, whichever roles this node
 * runs. Provided by the executable, which knows every role's routes; without it every request counts
 * as served, so the role table's last rule keeps it for ADMIN.
 */
@FunctionalInterface
public interface ServedRequests {

    boolean served(ServerWebExchange exchange);
}
