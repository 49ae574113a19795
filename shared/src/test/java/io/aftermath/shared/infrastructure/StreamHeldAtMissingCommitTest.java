package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.shared.infrastructure.AftermathProperties.Ledger;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.ledger.Noted;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Tester 154: on a node that had appended nothing since it started, a rebuild held at a deleted commit stayed there
 * after the commit was put back, for minutes, until the next write. Axon's event store had nothing cached, so the
 * replay waited on its one shared read of the log, which read on from a processor at the head.
 */
class StreamHeldAtMissingCommitTest {

    private static final long EVENTS = 5;
    private static final long HOLE = 2;

    private final MongoDatabase database = EmbeddedMongo.freshDatabase();
    private final MongoLedgerStorageEngine ledger = MongoLedgerStorageEngine.builder()
            .database(database)
            .eventSerializer(LedgerSerializers.messages())
            .snapshotSerializer(LedgerSerializers.snapshots())
            .build();
    private EmbeddedEventStore store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.shutDown();
        }
        ledger.close();
    }

    @Test
    void a_stream_held_at_a_missing_commit_goes_on_once_it_is_put_back_on_a_quiet_log() throws InterruptedException {
        for (long sequence = 0; sequence < EVENTS; sequence++) {
            ledger.appendEvents(List.of(new GenericDomainEventMessage<>("Ticket", "t-" + sequence, 0,
                    new Noted("event " + sequence, (int) sequence))));
        }
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument deleted = commits.findOneAndDelete(Filters.eq(LedgerSchema.ID, HOLE));
        store = LedgerEventStores.builder(ledger, new Ledger(false, Duration.ofMillis(10), Duration.ofSeconds(10),
                10_000)).build();

        try (BlockingStream<TrackedEventMessage<?>> live = store.openStream(new GlobalSequenceTrackingToken(EVENTS - 1));
             BlockingStream<TrackedEventMessage<?>> replay = store.openStream(null)) {
            assertThat(live.hasNextAvailable(100, TimeUnit.MILLISECONDS)).as("the live processor is at the head")
                    .isFalse();
            List<Long> replayed = new ArrayList<>();
            readAvailable(replay, replayed);
            assertThat(replayed).as("held at the hole").containsExactly(0L, 1L);

            commits.insertOne(deleted);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                readAvailable(replay, replayed);
                assertThat(replayed).containsExactly(0L, 1L, 2L, 3L, 4L);
            });
        }
    }

    private static void readAvailable(BlockingStream<TrackedEventMessage<?>> stream, List<Long> positions)
            throws InterruptedException {
        while (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
            positions.add(stream.nextAvailable().trackingToken().position().orElseThrow());
        }
    }
}
