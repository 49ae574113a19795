package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * Axon's capacity gauge ({@code <prefix>.capacity}, same tags, same value) in constant memory. Axon's
 * {@code CapacityMonitor} keeps every handling time until it leaves the window, a skip-list node and two boxed
 * longs each: on a store node seeding or rebuilding a 300,000-event log that was 540,000 entries, 46 MB, every
 * one of them living past a young collection, so each was copied and promoted before it could die. It also
 * registered its gauge again on every message. Here each tag combination has one {@link BusyTimeWindow},
 * registered once.
 */
final class WindowedCapacityMonitor implements MessageMonitor<Message<?>> {

    /** One-second slots over a minute: the value is off by at most a sixtieth of the window. */
    private static final int SLOTS = 60;

    private final String gaugeName;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration window;
    private final Function<Message<?>, Iterable<Tag>> tags;
    private final Map<Tags, BusyTimeWindow> windows = new ConcurrentHashMap<>();

    WindowedCapacityMonitor(String prefix, MeterRegistry registry, Duration window,
                            Function<Message<?>, Iterable<Tag>> tags) {
        this.gaugeName = prefix + ".capacity";
        this.registry = registry;
        this.clock = registry.config().clock();
        this.window = window;
        this.tags = tags;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        BusyTimeWindow busy = windows.computeIfAbsent(Tags.of(tags.apply(message)), this::register);
        long started = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                ended();
            }

            @Override
            public void reportFailure(Throwable cause) {
                ended();
            }

            @Override
            public void reportIgnored() {
                ended();
            }

            private void ended() {
                long now = clock.monotonicTime();
                busy.add(now, now - started);
            }
        };
    }

    private BusyTimeWindow register(Tags gaugeTags) {
        BusyTimeWindow busy = new BusyTimeWindow(window, SLOTS);
        registry.gauge(gaugeName, gaugeTags, busy, b -> b.share(clock.monotonicTime()));
        return busy;
    }
}
