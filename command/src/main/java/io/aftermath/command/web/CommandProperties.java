package io.aftermath.command.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.aftermath.shared.node.SettingRange;

/**
 * {@code aftermath.commands.*}.
 *
 * @param threads    threads that run command handlers (each blocks until its events are durable)
 * @param queue      commands that may wait for a thread; beyond that a request is refused with 503
 * @param retries    how often a command that lost a race on its stream is retried before 409
 * @param backoff    first retry delay; it doubles, with jitter, on each retry
 */
@ConfigurationProperties("aftermath.commands")
public record CommandProperties(@DefaultValue("32") int threads,
                                @DefaultValue("1000") int queue,
                                @DefaultValue("3") int retries,
                                @DefaultValue("20ms") Duration backoff) {

    /** A queue of 0 is allowed: a command then runs only if a thread is free at once. */
    public CommandProperties {
        SettingRange.atLeast("aftermath.commands.threads", threads, 1);
        SettingRange.atLeast("aftermath.commands.queue", queue, 0);
        SettingRange.atLeast("aftermath.commands.retries", retries, 0);
        SettingRange.atLeast("aftermath.commands.backoff", backoff, Duration.ZERO);
    }
}
