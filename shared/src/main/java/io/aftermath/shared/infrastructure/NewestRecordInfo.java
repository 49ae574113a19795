package io.aftermath.shared.infrastructure;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code /actuator/info}'s {@code backup} or {@code checkpoint}: the newest record of one, its checkpoint
 * included, so that an operator's monitoring can keep each checkpoint elsewhere by asking the node
 * (ADMIN). Left out while the node has none.
 */
final class NewestRecordInfo implements InfoContributor {

    private final String name;
    private final Supplier<Optional<?>> newest;

    NewestRecordInfo(String name, Supplier<Optional<?>> newest) {
        this.name = name;
        this.newest = newest;
    }

    @Override
    public void contribute(Info.Builder builder) {
        newest.get().ifPresent(record -> builder.withDetail(name, Map.of("newest", record)));
    }
}
