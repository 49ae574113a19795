package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ShortWindowMetricRegistryTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ShortWindowMetricRegistry registry = new ShortWindowMetricRegistry(meters);

    /** Axon's ten-minute window would still count the handling, a tenth as much, and keep it in memory. */
    @Test
    void a_command_bus_forgets_handling_a_minute_old() {
        MessageMonitor<? super CommandMessage<?>> monitor = registry.registerCommandBus("commandBus", m -> Tags.empty());

        handle(monitor, GenericCommandMessage.asCommandMessage("report"), Duration.ofSeconds(30));
        double whileRecent = capacity("commandBus");
        clock.add(Duration.ofSeconds(61));

        assertThat(whileRecent).isEqualTo(0.5);
        assertThat(capacity("commandBus")).isZero();
    }

    @Test
    void a_processor_keeps_axons_timers_counters_and_latency_beside_its_capacity() {
        MessageMonitor<? super EventMessage<?>> monitor = registry.registerEventProcessor("eventProcessor",
                m -> Tags.of("processorName", "triage"), m -> Tags.of("processorName", "triage"));

        handle(monitor, GenericEventMessage.asEventMessage("reported"), Duration.ofSeconds(6));

        assertThat(capacity("eventProcessor")).isEqualTo(0.1);
        assertThat(meters.get("eventProcessor.successTimer").timer().count()).isEqualTo(1);
        assertThat(meters.get("eventProcessor.processedCounter").counter().count()).isEqualTo(1);
        assertThat(meters.find("eventProcessor.latency").gauge()).isNotNull();
    }

    @Test
    void each_tag_combination_has_one_capacity_gauge_and_failures_count_as_busy_time() {
        MessageMonitor<? super CommandMessage<?>> monitor = registry.registerCommandBus("commandBus",
                m -> Tags.of("payloadType", m.getPayloadType().getSimpleName()));

        for (int i = 0; i < 1_000; i++) {
            handle(monitor, GenericCommandMessage.asCommandMessage("report"), Duration.ofMillis(3));
        }
        MessageMonitor.MonitorCallback failing = monitor.onMessageIngested(GenericCommandMessage.asCommandMessage(7));
        clock.add(Duration.ofSeconds(12));
        failing.reportFailure(new IllegalStateException("refused"));

        assertThat(meters.find("commandBus.capacity").gauges()).hasSize(2);
        assertThat(meters.get("commandBus.capacity").tag("payloadType", "String").gauge().value()).isEqualTo(0.05);
        assertThat(meters.get("commandBus.capacity").tag("payloadType", "Integer").gauge().value()).isEqualTo(0.2);
    }

    private <M> void handle(MessageMonitor<? super M> monitor, M message, Duration taking) {
        MessageMonitor.MonitorCallback handling = monitor.onMessageIngested(message);
        clock.add(taking);
        handling.reportSuccess();
    }

    private double capacity(String prefix) {
        return meters.get(prefix + ".capacity").gauge().value();
    }
}
