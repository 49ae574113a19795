package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.testing.EmbeddedMongo;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class LedgerMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MongoDatabase database;

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
    }

    @Test
    void each_commit_is_timed_once_and_each_event_counted_once() {
        try (MongoLedgerStorageEngine engine = engine(DurabilityBarrier.NONE)) {
            engine.appendEvents(events("a", 0, 2));
            engine.appendEvents(events("a", 2, 1));
            engine.appendEvents(events("b", 0, 3));

            assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "success").timer().count()).isEqualTo(3);
            assertThat(meters.get(LedgerMetrics.EVENTS_APPENDED).counter().count()).isEqualTo(6);
            assertThat(meters.get(LedgerMetrics.HEAD).gauge().value()).isEqualTo(6);
            DistributionSummary events = meters.get(LedgerMetrics.BATCH_EVENTS).summary();
            assertThat(events.count()).isEqualTo(3);
            assertThat(events.totalAmount()).isEqualTo(6);
        }
    }

    @Test
    void commits_written_by_one_group_commit_are_recorded_as_one_batch() throws Exception {
        HeldBarrier barrier = new HeldBarrier();
        try (MongoLedgerStorageEngine engine = engine(barrier)) {
            barrier.appendWhileTheFirstIsHeld(engine, events("b", 0, 2), events("c", 0, 1), events("d", 0, 1))
                    .forEach(CompletableFuture::join);

            // "a" alone, then b, c and d together.
            DistributionSummary commits = meters.get(LedgerMetrics.BATCH_COMMITS).summary();
            assertThat(commits.count()).isEqualTo(2);
            assertThat(commits.totalAmount()).isEqualTo(4);
            assertThat(commits.max()).isEqualTo(3);
            assertThat(meters.get(LedgerMetrics.BATCH_EVENTS).summary().max()).isEqualTo(4);
            assertThat(meters.get(LedgerMetrics.EVENTS_APPENDED).counter().count()).isEqualTo(5);
            assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "success").timer().count()).isEqualTo(4);
        } finally {
            barrier.letGo();
        }
    }

    @Test
    void a_lost_race_on_a_stream_is_timed_as_a_conflict_and_counts_no_event() {
        try (MongoLedgerStorageEngine engine = engine(DurabilityBarrier.NONE)) {
            engine.appendEvents(events("a", 0, 2));

            assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 1)))
                    .isInstanceOf(AggregateStreamCreationException.class);
            assertThatThrownBy(() -> engine.appendEvents(events("a", 1, 1))).isInstanceOf(ConcurrencyException.class);

            assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "conflict").timer().count()).isEqualTo(2);
            assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "success").timer().count()).isEqualTo(1);
            assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "error").timer().count()).isZero();
            assertThat(meters.get(LedgerMetrics.EVENTS_APPENDED).counter().count()).isEqualTo(2);
            assertThat(meters.get(LedgerMetrics.BATCH_COMMITS).summary().count()).isEqualTo(1);
        }
    }

    @Test
    void an_append_the_ledger_refuses_for_another_reason_is_timed_as_an_error() {
        MongoLedgerStorageEngine engine = engine(DurabilityBarrier.NONE);
        engine.close();

        assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 1))).isInstanceOf(EventStoreException.class);

        assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "error").timer().count()).isEqualTo(1);
        assertThat(meters.get(LedgerMetrics.APPEND).tag("outcome", "conflict").timer().count()).isZero();
    }

    @Test
    void the_head_gauge_follows_other_writers_once_the_head_is_read_and_never_asks_the_store_itself() {
        try (MongoLedgerStorageEngine engine = engine(DurabilityBarrier.NONE);
             MongoLedgerStorageEngine other = LedgerTestSupport.engine(database)) {
            engine.appendEvents(events("a", 0, 1));
            other.appendEvents(events("b", 0, 4));

            assertThat(meters.get(LedgerMetrics.HEAD).gauge().value()).isEqualTo(1);
            assertThat(engine.head()).isEqualTo(5);
            assertThat(meters.get(LedgerMetrics.HEAD).gauge().value()).isEqualTo(5);
        }
    }

    private MongoLedgerStorageEngine engine(DurabilityBarrier barrier) {
        return LedgerTestSupport.builder(database, LedgerSettings.defaults()).durabilityBarrier(barrier)
                .meterRegistry(meters).build();
    }
}
