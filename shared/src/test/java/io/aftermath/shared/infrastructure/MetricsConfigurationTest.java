package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsProperties;
import org.springframework.boot.actuate.autoconfigure.metrics.PropertiesMeterFilter;
import org.springframework.boot.actuate.autoconfigure.metrics.ServiceLevelObjectiveBoundary;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The filters as Spring Boot applies them: its properties' filter first, then the application's. */
class MetricsConfigurationTest {

    private final MetricsProperties properties = new MetricsProperties();
    private final List<MeterFilter> filters = List.of(new PropertiesMeterFilter(properties),
            new MetricsConfiguration().dropAxonPercentiles(), new MetricsConfiguration().latencyHistograms());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    MetricsConfigurationTest() {
        filters.forEach(meters.config()::meterFilter);
    }

    @Test
    void aftermaths_timers_and_http_requests_get_a_dozen_or_so_buckets_from_a_millisecond_to_ten_seconds() {
        for (String name : new String[] {"aftermath.commands", "http.server.requests"}) {
            assertThat(bucketsOf(Timer.builder(name).register(meters)))
                    .startsWith(Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5))
                    .endsWith(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .hasSize(13);
        }
    }

    @Test
    void ledger_appends_and_backups_have_buckets_of_their_own_ranges() {
        assertThat(bucketsOf(Timer.builder("aftermath.ledger.append").tag("outcome", "success").register(meters)))
                .startsWith(Duration.ofNanos(100_000)).endsWith(Duration.ofSeconds(5)).hasSize(15);
        assertThat(bucketsOf(Timer.builder("aftermath.backup").tag("outcome", "success").register(meters)))
                .startsWith(Duration.ofSeconds(1)).endsWith(Duration.ofSeconds(5000)).hasSize(12);
    }

    @Test
    void axons_timers_stay_without_percentiles_or_buckets() {
        Timer axon = Timer.builder("commandBus.processingDuration").publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram(false).register(meters);
        axon.record(Duration.ofMillis(3));

        assertThat(axon.takeSnapshot().percentileValues()).isEmpty();
        assertThat(axon.takeSnapshot().histogramCounts()).isEmpty();
    }

    @Test
    void buckets_set_through_spring_boots_properties_win() {
        properties.getDistribution().getSlo().put("http.server.requests",
                new ServiceLevelObjectiveBoundary[] {ServiceLevelObjectiveBoundary.valueOf("100ms")});

        assertThat(bucketsOf(Timer.builder("http.server.requests").register(meters)))
                .containsExactly(Duration.ofMillis(100));
    }

    @Test
    void turning_micrometers_own_histogram_on_stays_within_the_expected_range() {
        properties.getDistribution().getPercentilesHistogram().put("aftermath", true);

        // As a registry with aggregable percentiles (Prometheus) would see it; the simple registry has none.
        Meter.Id id = new Meter.Id("aftermath.commands", Tags.empty(), null, null, Meter.Type.TIMER);
        DistributionStatisticConfig config = DistributionStatisticConfig.builder().build();
        for (MeterFilter filter : filters) {
            config = filter.configure(id, config);
        }
        NavigableSet<Double> buckets = config.merge(DistributionStatisticConfig.DEFAULT).getHistogramBuckets(true);

        assertThat(buckets).hasSizeBetween(60, 80);
        assertThat(buckets.first()).isEqualTo(Duration.ofMillis(1).toNanos());
        assertThat(buckets.last()).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    private static List<Duration> bucketsOf(Timer timer) {
        return Arrays.stream(timer.takeSnapshot().histogramCounts())
                .map(CountAtBucket::bucket).map(nanos -> Duration.ofNanos(Math.round(nanos))).toList();
    }
}
