package io.aftermath.command.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.aftermath.shared.web.BoundedScheduler;
import reactor.core.scheduler.Scheduler;

/**
 * Where command handlers run. Axon's SimpleCommandBus runs a handler on the thread that sends the
 * command, and the ledger append blocks until the batch is durable, so sending from a Netty event
 * loop would stall every connection on it. Commands therefore go out on their own pool, separate from
 * Reactor's shared boundedElastic pool, which password hashing and the idempotency store use. Its
 * {@code queue} is the node's total, and the next one is refused (503 {@code OVERLOADED}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandProperties.class)
class CommandWebConfiguration {

    @Bean(destroyMethod = "dispose")
    Scheduler commandScheduler(CommandProperties properties) {
        return BoundedScheduler.of("aftermath-command", properties.threads(), properties.queue()).scheduler();
    }
}
