package io.aftermath.query;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import io.aftermath.shared.node.ConditionalOnRole;
import io.aftermath.shared.node.NodeRole;

/** Everything a query node runs: projections, query handlers and the read and streaming endpoints. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(NodeRole.QUERY)
@ComponentScan
@EnableConfigurationProperties(QueryProperties.class)
public class QuerySide {
}
