package io.aftermath.shared.web.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

import io.aftermath.shared.node.SettingRange;

/**
 * {@code aftermath.web.heavy-requests.*}: how many heavy requests a node answers at once.
 *
 * @param concurrency answered at once
 * @param queue       waiting beyond those, in arrival order; the next is refused at once
 * @param maxWait     how long one waits in the queue before it is refused
 */
public record HeavyRequests(@DefaultValue("4") int concurrency, @DefaultValue("32") int queue,
                            @DefaultValue("30s") Duration maxWait) {

    public HeavyRequests {
        SettingRange.atLeast("aftermath.web.heavy-requests.concurrency", concurrency, 1);
        SettingRange.atLeast("aftermath.web.heavy-requests.queue", queue, 0);
        SettingRange.atLeast("aftermath.web.heavy-requests.max-wait", maxWait, Duration.ZERO);
    }
}
