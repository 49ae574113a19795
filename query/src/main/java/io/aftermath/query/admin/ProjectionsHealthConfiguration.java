package io.aftermath.query.admin;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.shared.infrastructure.PromptHealthIndicator;
import io.aftermath.shared.mongo.StoreSight;

/** The "projections" health component, answered by {@link PromptHealthIndicator#DEADLINE}. */
@Configuration(proxyBeanMethods = false)
class ProjectionsHealthConfiguration {

    @Bean
    ReactiveHealthIndicator projectionsHealthIndicator(ProjectionAdmin admin, StoreSight store) {
        return new PromptHealthIndicator(new ProjectionsHealthIndicator(admin, store), PromptHealthIndicator.DEADLINE,
                Health.unknown().withDetail("store", "did not answer within "
                        + PromptHealthIndicator.DEADLINE.toSeconds() + " s: see the ledger component").build());
    }
}
