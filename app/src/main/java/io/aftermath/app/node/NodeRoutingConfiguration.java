package io.aftermath.app.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.node.NodeRole;

/**
 * Tells a client that sent a request to a node of the wrong role where to send it instead, and
 * answers a method no role serves as a node running both would.
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

    @Bean
    UnservedMethodMapping unservedMethodMapping(RoleRoutes routes, AftermathProperties properties) {
        return new UnservedMethodMapping(routes, NodeRole.parse(properties.roles()));
    }
}
