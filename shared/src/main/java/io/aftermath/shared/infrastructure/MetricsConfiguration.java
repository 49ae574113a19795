package io.aftermath.shared.infrastructure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Axon's timers publish client-side percentiles for every handler, payload type and processor:
 * several hundred kilobytes per scrape once all event types were seen, and quantiles that Prometheus
 * cannot aggregate across nodes anyway. They are dropped; counts, sums and maxima stay, and
 * Aftermath's own timers ({@code aftermath.*}) keep their settings.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    MeterFilter dropAxonPercentiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || id.getName().startsWith("aftermath.")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentiles(new double[0]).build().merge(config);
            }
        };
    }
}
