package io.aftermath.shared.infrastructure;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.node.NodeRole;

/**
 * {@code /actuator/info}'s {@code node}: which roles this node runs and its name in projection claims, so
 * an operator of several nodes can ask a node what it is (ADMIN, as every actuator endpoint but health
 * and metrics). Health stays about whether the node works.
 */
final class NodeInfo implements InfoContributor {

    private final AftermathProperties properties;
    private final LedgerTokenStore tokens;

    NodeInfo(AftermathProperties properties, LedgerTokenStore tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of(
                "roles", NodeRole.parse(properties.roles()).stream().map(NodeRole::setting).sorted().toList(),
                "nodeId", tokens.nodeId()));
    }
}
