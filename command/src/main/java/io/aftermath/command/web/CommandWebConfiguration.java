package io.aftermath.command.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where command handlers run. Axon's SimpleCommandBus runs a handler on the thread that sends the
 * command, and the ledger append blocks until the batch is durable, so sending from a Netty event
 * loop would stall every connection on it. Commands therefore go out on their own pool, separate from
 * Reactor's shared boundedElastic pool, which password hashing and the idempotency store use.
 *
 * <p>The pool is a plain executor rather than {@code Schedulers.newBoundedElastic}: that one bounds
 * its queue per thread, so with 32 threads a configured queue of 1,000 let 32,000 commands wait
 * before any was refused. Here {@code queue} is the node's total, and the next one is refused
 * (503 {@code OVERLOADED}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandProperties.class)
class CommandWebConfiguration {

    private static final String THREAD_NAME = "aftermath-command-";

    @Bean(destroyMethod = "dispose")
    Scheduler commandScheduler(CommandProperties properties) {
        BlockingQueue<Runnable> waiting = properties.queue() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queue());
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(properties.threads(), properties.threads(),
                0, TimeUnit.MILLISECONDS, waiting, task -> {
                    Thread thread = new Thread(task, THREAD_NAME + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        return Schedulers.fromExecutorService(executor, "aftermath-command");
    }
}
