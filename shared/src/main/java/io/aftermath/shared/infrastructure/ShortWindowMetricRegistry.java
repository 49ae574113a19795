package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

/**
 * Axon's monitors, with the capacity gauges measured over one minute instead of Axon's ten, and in constant
 * memory ({@link WindowedCapacityMonitor}). Axon's capacity monitor keeps every message's handling time until it
 * leaves the window, about 80 bytes each, and each command with its event passes six of them (the command bus and
 * the five processors): ten minutes at 1,000 commands a second would hold some 300 MB of heap. Metric names and
 * tags are Axon's; the window is timed by the registry's clock. Only the tagged registrations are replaced:
 * {@code axon.metrics.micrometer.dimensional} is on (application.yml), so Axon never calls the untagged ones.
 */
public class ShortWindowMetricRegistry extends GlobalMetricRegistry {

    static final Duration CAPACITY_WINDOW = Duration.ofMinutes(1);

    public ShortWindowMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
        MeterRegistry registry = getRegistry();
        return new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor(name, registry, tags),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(registry)
                        .tagsBuilder(latencyTags).build(),
                capacity(name, tags),
                MessageCountingMonitor.buildMonitor(name, registry, tags)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name,
                                                                       Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitor(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name,
                                                                      Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitor(name, tags);
    }

    private MessageMonitor<Message<?>> handlerMonitor(String name, Function<Message<?>, Iterable<Tag>> tags) {
        MeterRegistry registry = getRegistry();
        return new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor(name, registry, tags),
                capacity(name, tags),
                MessageCountingMonitor.buildMonitor(name, registry, tags)));
    }

    private WindowedCapacityMonitor capacity(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new WindowedCapacityMonitor(name, getRegistry(), CAPACITY_WINDOW, tags);
    }
}
