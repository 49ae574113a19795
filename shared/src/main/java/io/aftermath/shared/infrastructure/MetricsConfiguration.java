package io.aftermath.shared.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.micrometer.GlobalMetricRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Axon's timers publish client-side percentiles for every handler, payload type and processor:
 * several hundred kilobytes per scrape once all event types were seen, and quantiles that Prometheus
 * cannot aggregate across nodes anyway. They are dropped; counts, sums and maxima stay, and
 * Aftermath's own timers ({@code aftermath.*}) keep their settings.
 *
 * <p>Aftermath's timers and {@code http.server.requests} publish histogram buckets instead, which
 * Prometheus can sum across nodes before taking a quantile ({@code histogram_quantile(0.99, sum by (le)
 * (rate(..._bucket[5m])))}). The bounds are a 1, 2.5, 5 series over the range each timer lives in:
 * 12 to 15 buckets per series, where Micrometer's own percentile histogram puts 60 to 70 over the same
 * ranges (and 276 unbounded), repeated for every tag combination. Bounds set through Spring Boot's
 * {@code management.metrics.distribution.*} properties win over these.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** A caller's commit: a tenth of a millisecond alone on the memory backend, seconds when the store stalls. */
    static final double[] LEDGER_APPEND = series(Duration.ofNanos(100_000), Duration.ofSeconds(5));
    /**
     * Backups and checkpoints, each a pass over the whole store: seconds for a small one to more than an
     * hour for a very large one (a million events took 16 s to copy, 29 s to verify).
     */
    static final double[] WHOLE_STORE = series(Duration.ofSeconds(1), Duration.ofSeconds(5000));
    /** Commands and HTTP requests: a millisecond to the 10 s beyond read-your-writes' 5 s wait. */
    static final double[] REQUESTS = series(Duration.ofMillis(1), Duration.ofSeconds(10));

    /** Replaces Axon's own (it steps aside for any registry of this type). */
    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry registry) {
        return new ShortWindowMetricRegistry(registry);
    }

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

    @Bean
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                double[] buckets = id.getType() == Meter.Type.TIMER ? bucketsFor(id.getName()) : null;
                if (buckets == null) {
                    return config;
                }
                // The expected range also bounds Micrometer's finer buckets, should a property turn them on.
                return config.merge(DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(buckets)
                        .minimumExpectedValue(buckets[0])
                        .maximumExpectedValue(buckets[buckets.length - 1])
                        .build());
            }
        };
    }

    static double[] bucketsFor(String timer) {
        if (timer.equals("aftermath.ledger.append")) {
            return LEDGER_APPEND;
        }
        if (timer.equals("aftermath.backup") || timer.equals("aftermath.checkpoint")) {
            return WHOLE_STORE;
        }
        if (timer.startsWith("aftermath.") || timer.equals("http.server.requests")) {
            return REQUESTS;
        }
        return null;
    }

    /** 1, 2.5 and 5 times each power of ten from {@code from} up to {@code to}, in nanoseconds. */
    private static double[] series(Duration from, Duration to) {
        List<Double> bounds = new ArrayList<>();
        for (double decade = from.toNanos(); decade <= to.toNanos(); decade *= 10) {
            for (double step : new double[] {1, 2.5, 5}) {
                if (decade * step <= to.toNanos()) {
                    bounds.add(decade * step);
                }
            }
        }
        return bounds.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
