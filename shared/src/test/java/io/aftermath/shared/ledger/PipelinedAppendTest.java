package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

/**
 * A node that is the log's sole writer keeps several batches in flight. These tests hold one batch's
 * insert back (in the driver, before it is sent) while a later batch is written, then let it fail. A
 * batch beside one in flight needs two commits waiting, so the later batch is two concurrent appends.
 */
class PipelinedAppendTest {

    private MongoDatabase database;
    private MongoClient heldClient;
    private final HeldInsert held = new HeldInsert();

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        heldClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(held).build());
    }

    @AfterEach
    void tearDown() {
        held.letGo();
        heldClient.close();
    }

    @Test
    void a_commit_refused_after_a_later_batch_was_written_leaves_a_void_that_readers_step_over() throws Exception {
        try (MongoLedgerStorageEngine engine = soleWriter(heldClient.getDatabase(database.getName()))) {
            engine.appendEvents(events("x", 0, 1));
            // A stream key only the server knows: the engine's cache says x ends at 0, so it seals x@1.
            database.getCollection(LedgerSchema.COMMITS, BsonDocument.class).insertOne(foreignChunk(1_000, "x#1"));

            held.hold("\"x#1\"");
            CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> engine.appendEvents(events("x", 1, 1)));
            held.awaitHeld();
            appendTogether(engine, events("y", 0, 1), events("w", 0, 1));
            held.letGo();

            assertThatThrownBy(refused::join).hasCauseInstanceOf(ConcurrencyException.class);
            database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 1_000L));
            assertThat(positionsOf(engine)).containsExactly(0L, 2L, 3L);
            BsonDocument filler = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class)
                    .find(Filters.eq("_id", 1L)).first();
            assertThat(filler.getString(LedgerSchema.VOID).getValue()).startsWith("refused");
            assertThat(filler.getArray(LedgerSchema.EVENTS)).isEmpty();
            VerificationReport report = new LedgerVerifier(database).verifyAll();
            assertThat(report.intact()).isTrue();
            assertThat(report.voidPositions()).isEqualTo(1);

            engine.appendEvents(events("z", 0, 1));
            assertThat(positionsOf(engine)).containsExactly(0L, 2L, 3L, 4L);
        }
    }

    /**
     * Tester 32: a write answered the node's head as its position, which stays at a batch still in flight,
     * so a later batch's writers were told a position at or below their own events.
     */
    @Test
    void a_writer_learns_where_its_own_commit_ends_while_an_earlier_batch_is_still_in_flight() throws Exception {
        try (MongoLedgerStorageEngine engine = soleWriter(heldClient.getDatabase(database.getName()))) {
            held.hold("\"x#0\"");
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> engine.appendEvents(events("x", 0, 1)));
            held.awaitHeld();
            List<long[]> endAndHead = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture.allOf(java.util.stream.Stream.of("y", "w").map(stream -> CompletableFuture.runAsync(() -> {
                engine.forgetCommitEndOnThisThread();
                engine.appendEvents(events(stream, 0, 1));
                endAndHead.add(new long[] {engine.commitEndOnThisThread(), engine.localHead()});
            })).toArray(CompletableFuture[]::new)).join();
            held.letGo();
            first.join();

            assertThat(endAndHead).extracting(seen -> seen[0]).containsExactlyInAnyOrder(2L, 3L);
            assertThat(endAndHead).extracting(seen -> seen[1]).containsOnly(0L);
            engine.forgetCommitEndOnThisThread();
            assertThat(engine.commitEndOnThisThread()).isZero();
        }
    }

    @Test
    void a_refused_commit_with_nothing_sealed_after_it_gives_its_positions_back() {
        try (MongoLedgerStorageEngine engine = soleWriter(database)) {
            engine.appendEvents(events("x", 0, 1));
            database.getCollection(LedgerSchema.COMMITS, BsonDocument.class).insertOne(foreignChunk(1_000, "x#1"));

            assertThatThrownBy(() -> engine.appendEvents(events("x", 1, 1))).isInstanceOf(ConcurrencyException.class);
            engine.appendEvents(events("y", 0, 1));

            assertThat(database.getCollection(LedgerSchema.COMMITS).countDocuments(Filters.exists(LedgerSchema.VOID)))
                    .isZero();
            database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 1_000L));
            assertThat(positionsOf(engine)).containsExactly(0L, 1L);
        }
    }

    @Test
    void another_writer_taking_a_position_while_batches_are_in_flight_stops_appends() throws Exception {
        try (MongoLedgerStorageEngine engine = soleWriter(heldClient.getDatabase(database.getName()))) {
            engine.appendEvents(events("a", 0, 1));

            held.hold("\"b#0\"");
            CompletableFuture<Void> overtaken = CompletableFuture.runAsync(() -> engine.appendEvents(events("b", 0, 1)));
            held.awaitHeld();
            try (MongoLedgerStorageEngine otherNode = LedgerTestSupport.engine(database)) {
                otherNode.appendEvents(events("c", 0, 1));
            }
            appendTogether(engine, events("d", 0, 1), events("e", 0, 1));
            held.letGo();

            assertThatThrownBy(overtaken::join).hasCauseInstanceOf(EventStoreException.class)
                    .hasMessageContaining("sole writer");
            assertThat(engine.appendsStopped()).hasValueSatisfying(why -> assertThat(why).contains("Another writer"));
            assertThatThrownBy(() -> engine.appendEvents(events("f", 0, 1))).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("Appends stopped");
            assertThat(engine.readEvents(null, false).map(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier()))
                    .containsExactlyInAnyOrder("a", "c", "d", "e").startsWith("a", "c");
        }
    }

    @Test
    void positions_a_crash_left_empty_behind_a_written_commit_are_voided_when_the_node_starts_again() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        MongoLedgerStorageEngine crashed = soleWriter(database, clock);
        crashed.appendEvents(events("a", 0, 1));
        crashed.appendEvents(events("b", 0, 2));
        crashed.appendEvents(events("c", 0, 1));
        // The batch at positions 1-2 never reached the store, the one after it did; the node dies unclosed.
        database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 1L));

        try (MongoLedgerStorageEngine restarted = soleWriter(database, clock)) {
            assertThat(positionsOf(restarted)).containsExactly(0L, 3L);
            BsonDocument filler = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class)
                    .find(Filters.eq("_id", 1L)).first();
            assertThat(filler.getInt32(LedgerSchema.COUNT).getValue()).isEqualTo(2);
            assertThat(new LedgerVerifier(database).verifyAll().voidPositions()).isEqualTo(2);
            assertThat(new LedgerVerifier(database).verifyAll().intact()).isTrue();

            restarted.appendEvents(events("b", 0, 1));
            assertThat(restarted.localHead()).isEqualTo(5);
            assertThat(positionsOf(restarted)).containsExactly(0L, 3L, 4L);
        }
    }

    @SafeVarargs
    private static void appendTogether(MongoLedgerStorageEngine engine, List<DomainEventMessage<?>>... commits) {
        CompletableFuture.allOf(java.util.Arrays.stream(commits)
                .map(commit -> CompletableFuture.runAsync(() -> engine.appendEvents(commit)))
                .toArray(CompletableFuture[]::new)).join();
    }

    private static MongoLedgerStorageEngine soleWriter(MongoDatabase database) {
        return LedgerTestSupport.soleWriter(database, DurabilityBarrier.NONE);
    }

    /** With a clock that stands still, the head hint is recorded after the first batch only. */
    private static MongoLedgerStorageEngine soleWriter(MongoDatabase database, MutableClock clock) {
        return LedgerTestSupport.builder(database, LedgerSettings.soleWriter()).clock(clock).build();
    }

    private static List<Long> positionsOf(MongoLedgerStorageEngine engine) {
        return engine.readEvents(null, false).<TrackedEventMessage<?>>map(event -> event)
                .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();
    }

    /** A commit another writer would have stored far ahead, holding only a stream key. */
    private static BsonDocument foreignChunk(long position, String streamKey) {
        return new BsonDocument("_id", new BsonInt64(position))
                .append(LedgerSchema.STREAMS, new BsonArray(List.of(new BsonString(streamKey))))
                .append(LedgerSchema.COMMITTED_AT, new BsonDateTime(0))
                .append(LedgerSchema.COUNT, new BsonInt32(1))
                .append(LedgerSchema.EVENTS, new BsonArray());
    }
}
