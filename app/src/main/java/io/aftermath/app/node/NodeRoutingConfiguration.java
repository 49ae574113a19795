package io.aftermath.app.node;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.node.NodeRole;

/** Tells a client that sent a request to a node of the wrong role where to send it instead. */
@Configuration(proxyBeanMethods = false)
public class NodeRoutingConfiguration {

    @Bean
    MisdirectedRequestMapping misdirectedRequestMapping(AftermathProperties properties) {
        return new MisdirectedRequestMapping(RoleRoutes.of(CommandSide.class, QuerySide.class),
                NodeRole.parse(properties.roles()));
    }
}
