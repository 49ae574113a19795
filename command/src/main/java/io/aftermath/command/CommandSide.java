package io.aftermath.command;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import io.aftermath.shared.node.ConditionalOnRole;
import io.aftermath.shared.node.NodeRole;

/** Everything a command node runs: aggregates, command handlers and the write endpoints. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(NodeRole.COMMAND)
@ComponentScan
public class CommandSide {
}
