package io.aftermath.shared.infrastructure;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code /actuator/info}'s {@code backup}: the newest backup's record, its checkpoint included, so that
 * an operator's monitoring can keep each checkpoint elsewhere by asking the node (ADMIN). Only on a node
 * that takes backups, once it has one with a record.
 */
final class BackupInfo implements InfoContributor {

    private final StoreBackups backups;

    BackupInfo(StoreBackups backups) {
        this.backups = backups;
    }

    @Override
    public void contribute(Info.Builder builder) {
        backups.newest().ifPresent(newest -> builder.withDetail("backup", Map.of("newest", newest)));
    }
}
