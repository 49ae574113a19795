package io.aftermath.shared.infrastructure;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code /actuator/info}'s {@code checkpoint}: the newest scheduled checkpoint's record, so that an
 * operator's monitoring can keep each one elsewhere by asking the node (ADMIN). Only on a node that
 * takes them, once it has one.
 */
final class CheckpointInfo implements InfoContributor {

    private final LedgerCheckpoints checkpoints;

    CheckpointInfo(LedgerCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void contribute(Info.Builder builder) {
        checkpoints.newest().ifPresent(newest -> builder.withDetail("checkpoint", Map.of("newest", newest)));
    }
}
