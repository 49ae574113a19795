package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;

/** Tester 48: a store that hangs held every call reading from it, with no bound but the operating system's. */
class StoreClientSettingsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void reads_from_a_store_of_the_uri_give_up_after_the_read_timeout() {
        assertThat(readTimeoutMillis(LedgerConfiguration.clientSettings("mongodb://db:27017", false, READ_TIMEOUT)))
                .isEqualTo(10_000);
        assertThat(readTimeoutMillis(LedgerConfiguration.clientSettings("mongodb://db:27017", false, Duration.ZERO)))
                .isZero();
    }

    @Test
    void a_uri_that_bounds_its_reads_itself_keeps_its_bound() {
        assertThat(readTimeoutMillis(LedgerConfiguration.clientSettings("mongodb://db:27017/?socketTimeoutMS=2500",
                false, READ_TIMEOUT))).isEqualTo(2_500);
        MongoClientSettings operationTimeout = LedgerConfiguration.clientSettings("mongodb://db:27017/?timeoutMS=4000",
                false, READ_TIMEOUT);
        assertThat(readTimeoutMillis(operationTimeout)).isZero();
        assertThat(operationTimeout.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
    }

    /** A long moment of the embedded server's own (a compaction) must not fail the calls waiting for it. */
    @Test
    void the_embedded_server_in_this_process_is_waited_for() {
        assertThat(readTimeoutMillis(LedgerConfiguration.clientSettings("mongodb://127.0.0.1:27017", true, READ_TIMEOUT)))
                .isZero();
    }

    /** Tester 63: a node refused calls for up to 10 s after its store was back, until the driver looked again. */
    @Test
    void the_driver_looks_for_a_store_of_the_uri_every_two_seconds_unless_the_uri_says() {
        assertThat(LedgerConfiguration.clientSettings("mongodb://db:27017", false, READ_TIMEOUT).getServerSettings()
                .getHeartbeatFrequency(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
        assertThat(LedgerConfiguration.clientSettings("mongodb://db:27017/?heartbeatFrequencyMS=5000", false,
                READ_TIMEOUT).getServerSettings().getHeartbeatFrequency(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
    }

    private static int readTimeoutMillis(MongoClientSettings settings) {
        return settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS);
    }
}
