package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.aftermath.shared.infrastructure.AftermathProperties.Backup;
import io.aftermath.shared.infrastructure.AftermathProperties.Embedded;
import io.aftermath.shared.infrastructure.AftermathProperties.Ledger;
import io.aftermath.shared.infrastructure.AftermathProperties.Mongo;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;
import io.aftermath.shared.node.StartRefusedException;

class AftermathPropertiesTest {

    private static final Embedded EMBEDDED = new Embedded(Backend.H2, 0, 64);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** Before: a bare 6 was 6 ms, and a backup of the whole store was taken every 6 ms. */
    @Test
    void a_backup_interval_under_a_minute_is_refused_saying_a_bare_number_is_milliseconds() {
        assertThatThrownBy(() -> new Backup(Duration.ofMillis(6), 0)).isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.backup.interval=6ms is shorter than the minimum of 1m (a number given without a "
                        + "unit is read as milliseconds)");
        assertThatThrownBy(() -> new Backup(Duration.ZERO, 0))
                .hasMessage("aftermath.backup.interval=0s is shorter than the minimum of 1m");
    }

    @Test
    void a_negative_number_of_backups_to_keep_is_refused() {
        assertThatThrownBy(() -> new Backup(null, -1))
                .hasMessage("aftermath.backup.keep=-1 is less than the minimum of 0");
    }

    @Test
    void an_embedded_port_or_cache_out_of_range_is_refused() {
        assertThatThrownBy(() -> new Embedded(Backend.H2, 70_000, 64))
                .hasMessage("aftermath.mongo.embedded.port=70000 is more than the maximum of 65535");
        assertThatThrownBy(() -> new Embedded(Backend.H2, 0, -1))
                .hasMessage("aftermath.mongo.embedded.cache-megabytes=-1 is less than the minimum of 0");
    }

    /** Before: a negative or zero fetch delay failed the event store's bean with a stack trace. */
    @Test
    void a_fetch_delay_or_claim_timeout_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new Ledger(false, Duration.ofSeconds(-1), Duration.ofSeconds(10), 10_000))
                .hasMessage("aftermath.ledger.fetch-delay=-1s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Ledger(false, Duration.ZERO, Duration.ofSeconds(10), 10_000))
                .hasMessage("aftermath.ledger.fetch-delay=0s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Ledger(false, Duration.ofMillis(100), Duration.ZERO, 10_000))
                .hasMessage("aftermath.ledger.claim-timeout=0s is shorter than the minimum of 1ms");
    }

    /** Axon's event store would refuse it at the start with a stack trace. */
    @Test
    void an_event_cache_of_no_events_is_refused() {
        assertThatThrownBy(() -> new Ledger(false, Duration.ofMillis(100), Duration.ofSeconds(10), 0))
                .hasMessage("aftermath.ledger.cached-events=0 is less than the minimum of 1");
    }

    /** Before: the MongoDB client's bean failed with a stack trace. */
    @Test
    void a_uri_that_is_no_connection_string_is_refused_without_its_password() {
        assertThatThrownBy(() -> new Mongo("http://nope", "aftermath", EMBEDDED, READ_TIMEOUT))
                .hasMessage("aftermath.mongo.uri=http://nope is not a MongoDB connection string (mongodb://host:port/...): "
                        + "The connection string is invalid. Connection strings must start with either 'mongodb://' "
                        + "or 'mongodb+srv://");
        assertThatThrownBy(() -> new Mongo("mongodb://dana:s3cret@", "aftermath", EMBEDDED, READ_TIMEOUT))
                .hasMessageStartingWith("aftermath.mongo.uri=mongodb://dana:***@ is not a MongoDB connection string")
                .message().doesNotContain("s3cret");
        for (String malformed : List.of("mongodb:/dana:s3cret@127.0.0.1:1", "dana:s3cret@127.0.0.1:1",
                "mongodb:dana:s3cret@127.0.0.1:1", "mongodb:\\\\dana:s3cret@127.0.0.1:1", "mongodb://dana:s3/cr@et@h")) {
            assertThatThrownBy(() -> new Mongo(malformed, "aftermath", EMBEDDED, READ_TIMEOUT))
                    .as(malformed).isInstanceOf(StartRefusedException.class).message().contains("***@")
                    .doesNotContain("s3cret").doesNotContain("s3/cr");
        }
    }

    @Test
    void a_read_timeout_is_none_or_whole_milliseconds_the_driver_can_count() {
        assertThat(new Mongo(null, "aftermath", EMBEDDED, Duration.ZERO).readTimeout()).isZero();
        assertThatThrownBy(() -> new Mongo(null, "aftermath", EMBEDDED, Duration.ofSeconds(-1)))
                .hasMessage("aftermath.mongo.read-timeout=-1s is shorter than the minimum of 1ms");
        assertThatThrownBy(() -> new Mongo(null, "aftermath", EMBEDDED, Duration.ofNanos(500_000)))
                .hasMessage("aftermath.mongo.read-timeout=500us is shorter than the minimum of 1ms"
                        + " (a number given without a unit is read as milliseconds)");
        assertThatThrownBy(() -> new Mongo(null, "aftermath", EMBEDDED, Duration.ofDays(25)))
                .hasMessage("aftermath.mongo.read-timeout=25d is longer than the maximum of 2147483647ms");
    }

    @Test
    void a_database_name_mongodb_cannot_hold_is_refused() {
        assertThatThrownBy(() -> new Mongo(null, "after math", EMBEDDED, READ_TIMEOUT))
                .hasMessageStartingWith("aftermath.mongo.database=after math is not a MongoDB database name: ");
    }
}
