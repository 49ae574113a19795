package io.aftermath.app.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.node.NodeRole;
import io.aftermath.shared.web.openapi.RoleBoundOperations;
import io.aftermath.shared.web.security.ServedRequests;

/**
 * Tells a client that sent a request to a node of the wrong role where to send it instead (and the
 * API description that this may happen), and answers a method no role serves as a node running both
 * would.
 */
@Configuration(proxyBeanMethods = false)
public class NodeRoutingConfiguration {

    @Bean
    RoleRoutes roleRoutes() {
        return RoleRoutes.of(CommandSide.class, QuerySide.class);
    }

    @Bean
    MisdirectedRequestFilter misdirectedRequestFilter(RoleRoutes routes, AftermathProperties properties) {
        return new MisdirectedRequestFilter(routes, NodeRole.parse(properties.roles()));
    }

    /** Every route a role serves is answered 421 by nodes without it, so the description says so. */
    @Bean
    RoleBoundOperations roleBoundOperations(RoleRoutes routes) {
        return routes::serves;
    }

    /** A request no role serves is answered 404 or 405 to any role, not 403 as if the role were missing. */
    @Bean
    ServedRequests servedRequests(RoleRoutes routes) {
        return exchange -> !routes.serving(exchange).isEmpty();
    }

    @Bean
    UnservedMethodMapping unservedMethodMapping(RoleRoutes routes, AftermathProperties properties) {
        return new UnservedMethodMapping(routes, NodeRole.parse(properties.roles()));
    }
}
