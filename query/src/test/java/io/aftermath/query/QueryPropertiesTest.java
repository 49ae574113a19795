package io.aftermath.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.aftermath.query.QueryProperties.Live;
import io.aftermath.query.QueryProperties.Processors;
import io.aftermath.query.QueryProperties.ReadYourWrites;
import io.aftermath.query.QueryProperties.Sla;
import io.aftermath.query.QueryProperties.Stream;
import io.aftermath.query.QueryProperties.Targets;
import io.aftermath.query.QueryProperties.Triage;
import io.aftermath.query.support.Defaults;

class QueryPropertiesTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** Before: accepted, and every ticket was past its target from the start. */
    @Test
    void an_sla_target_that_is_not_positive_is_refused_naming_its_priority() {
        assertThatThrownBy(() -> new Sla(new Targets(Duration.ofMinutes(-15), null, null, null), null, null))
                .hasMessage("aftermath.query.sla.acknowledge.p1=-15m is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Sla(null, new Targets(null, null, null, Duration.ZERO), null))
                .hasMessage("aftermath.query.sla.resolve.p4=0s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Sla(null, null, Duration.ZERO))
                .hasMessage("aftermath.query.sla.triage=0s is shorter than the minimum of 1ms");
        assertThat(new Sla(null, null, null).triage()).isEqualTo(Duration.ofMinutes(15));
    }

    /** Before: accepted, and every GET /api/triage without a limit was answered 400. */
    @Test
    void a_triage_default_limit_outside_one_to_the_maximum_is_refused() {
        assertThatThrownBy(() -> new Triage(5000, 1000))
                .hasMessage("aftermath.query.triage.default-limit=5000 is more than the maximum of 1000");
        assertThatThrownBy(() -> new Triage(0, 1000))
                .hasMessage("aftermath.query.triage.default-limit=0 is less than the minimum of 1");
        assertThatThrownBy(() -> new Triage(50, 0))
                .hasMessage("aftermath.query.triage.max-limit=0 is less than the minimum of 1");
    }

    /** Before: a buffer of 0 was accepted, and every client was told to reconnect at its first update. */
    @Test
    void an_empty_stream_buffer_a_heartbeat_that_is_not_positive_or_a_lifetime_under_a_second_is_refused() {
        assertThatThrownBy(() -> new Stream(Duration.ofSeconds(15), 0, DataSize.ofMegabytes(16), HOUR))
                .hasMessage("aftermath.query.stream.buffer=0 is less than the minimum of 1");
        assertThatThrownBy(() -> new Stream(Duration.ZERO, 256, DataSize.ofMegabytes(16), HOUR))
                .hasMessage("aftermath.query.stream.heartbeat=0s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Stream(Duration.ofSeconds(15), 256, DataSize.ofBytes(0), HOUR))
                .hasMessage("aftermath.query.stream.buffer-size=0 is less than the minimum of 1");
        assertThatThrownBy(() -> new Stream(Duration.ofSeconds(15), 256, DataSize.ofMegabytes(16),
                Duration.ofMillis(500)))
                .hasMessage("aftermath.query.stream.max-lifetime=500ms is shorter than the minimum of 1s (a number given "
                        + "without a unit is read as milliseconds)");
    }

    @Test
    void a_live_tick_that_is_not_positive_or_a_negative_read_wait_is_refused() {
        assertThatThrownBy(() -> new Live(Duration.ZERO))
                .hasMessage("aftermath.query.live.tick=0s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new ReadYourWrites(Duration.ofSeconds(-1)))
                .hasMessage("aftermath.query.read-your-writes.timeout=-1s is shorter than the minimum of 0s");
    }

    /** Before: a batch size of 0 failed the processors' configuration with a stack trace. */
    @Test
    void processor_settings_that_cannot_work_are_refused() {
        assertThatThrownBy(() -> new Processors(0, Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("aftermath.query.processors.batch-size=0 is less than the minimum of 1");
        assertThatThrownBy(() -> new Processors(200, Duration.ZERO, Duration.ZERO))
                .hasMessage("aftermath.query.processors.claim-extension=0s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Processors(200, Duration.ofSeconds(1), Duration.ofMillis(-1)))
                .hasMessage("aftermath.query.processors.token-interval=-1ms is shorter than the minimum of 0s");
    }

    @Test
    void negative_search_intervals_are_refused() {
        assertThatThrownBy(() -> new QueryProperties.Search(null, Duration.ofMillis(-1), Duration.ZERO))
                .hasMessage("aftermath.query.search.commit-interval=-1ms is shorter than the minimum of 0s");
        assertThatThrownBy(() -> new QueryProperties.Search(null, Duration.ZERO, Duration.ofMillis(-1)))
                .hasMessage("aftermath.query.search.sync-interval=-1ms is shorter than the minimum of 0s");
    }

    @Test
    void a_stale_after_that_is_not_positive_is_refused() {
        QueryProperties q = Defaults.properties();

        assertThatThrownBy(() -> new QueryProperties(q.sla(), q.triage(), q.stream(), q.readYourWrites(), q.live(),
                q.processors(), q.search(), q.storeReads(), q.rebuild(), Duration.ZERO))
                .hasMessage("aftermath.query.stale-after=0s is shorter than the minimum of 1ms");
    }
}
