package io.aftermath.command.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where command handlers run. Axon's SimpleCommandBus runs a handler on the thread that sends the
 * command, and the ledger append blocks until the batch is durable, so sending from a Netty event
 * loop would stall every connection on it. Commands therefore go out on their own bounded pool: a
 * fixed number of threads and a bounded queue (overflow is 503 {@code OVERLOADED}), separate from
 * Reactor's shared boundedElastic pool, which password hashing and the idempotency store use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandProperties.class)
class CommandWebConfiguration {

    @Bean(destroyMethod = "dispose")
    Scheduler commandScheduler(CommandProperties properties) {
        return Schedulers.newBoundedElastic(properties.threads(), properties.queue(), "aftermath-command");
    }
}
