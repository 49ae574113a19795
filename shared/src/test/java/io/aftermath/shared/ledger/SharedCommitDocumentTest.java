package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.testing.EmbeddedMongo;

/**
 * Commits written by one group commit share a document. These tests hold the first append in its
 * durability barrier, so with one batch in flight the commits appended meanwhile all wait in the queue
 * and go out together as the next batch.
 */
class SharedCommitDocumentTest {

    private MongoDatabase database;
    private MongoCollection<BsonDocument> commits;
    private final HeldBarrier barrier = new HeldBarrier();

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
    }

    @AfterEach
    void tearDown() {
        barrier.letGo();
    }

    @Test
    void commits_of_one_batch_share_a_document_and_read_back_each_in_its_stream() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier)) {
            List<CompletableFuture<Void>> appends = barrier.appendWhileTheFirstIsHeld(engine,
                    events("b", 0, 2), events("c", 0, 1), events("a", 1, 1), events("a", 2, 1));
            appends.forEach(CompletableFuture::join);

            BsonDocument shared = commits.find(Filters.eq("_id", 1L)).first();
            assertThat(shared.getInt32(LedgerSchema.COUNT).getValue()).isEqualTo(5);
            assertThat(shared.getArray(LedgerSchema.STREAMS).stream().map(key -> key.asString().getValue()))
                    .containsExactlyInAnyOrder("b#0", "c#0", "a#1", "a#2");
            assertThat(shared.getArray(LedgerSchema.COMMIT_SIZES).stream().map(size -> size.asInt32().getValue()))
                    .as("events per commit, in the order the commits hold positions 1-5")
                    .containsExactlyInAnyOrderElementsOf(List.of(2, 1, 1, 1)).hasSize(4);
            assertThat(commits.find(Filters.eq("_id", 0L)).first().containsKey(LedgerSchema.COMMIT_SIZES))
                    .as("a document of one commit needs no sizes").isFalse();
            assertThat(commits.countDocuments()).isEqualTo(2);
            assertThat(positionsOf(engine)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(sequencesOf(engine, "a", 0)).containsExactly(0L, 1L, 2L);
            assertThat(sequencesOf(engine, "a", 2)).containsExactly(2L);
            assertThat(sequencesOf(engine, "b", 1)).containsExactly(1L);
            assertThat(sequencesOf(engine, "c", 0)).containsExactly(0L);
            assertThat(new LedgerVerifier(database).verifyAll().intact()).isTrue();

            engine.appendEvents(events("a", 3, 1));
            assertThatThrownBy(() -> engine.appendEvents(events("b", 1, 1))).isInstanceOf(ConcurrencyException.class);
            assertThat(sequencesOf(engine, "a", 0)).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void a_cut_ends_between_the_commits_of_a_shared_document() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier)) {
            barrier.appendWhileTheFirstIsHeld(engine, events("b", 0, 2), events("c", 0, 1), events("d", 0, 3))
                    .forEach(CompletableFuture::join);
            long b = firstPositionOf(engine, "b");
            long c = firstPositionOf(engine, "c");
            long d = firstPositionOf(engine, "d");
            assertThat(commits.countDocuments()).as("a held alone, b, c and d together").isEqualTo(2);

            assertThat(engine.cutAt(1)).isEqualTo(1);
            assertThat(engine.cutAt(b + 1)).isEqualTo(b + 2);
            assertThat(engine.cutAt(b + 2)).isEqualTo(b + 2);
            assertThat(engine.cutAt(c + 1)).isEqualTo(c + 1);
            assertThat(engine.cutAt(d + 1)).isEqualTo(d + 3);
            assertThat(engine.cutAt(d + 3)).isEqualTo(d + 3);
        }
    }

    @Test
    void a_shared_document_without_sizes_is_cut_whole() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier)) {
            barrier.appendWhileTheFirstIsHeld(engine, events("b", 0, 2), events("c", 0, 1))
                    .forEach(CompletableFuture::join);
            commits.updateOne(Filters.eq("_id", 1L), Updates.unset(LedgerSchema.COMMIT_SIZES));

            assertThat(engine.cutAt(2)).as("a document written before sizes were kept").isEqualTo(4);
            assertThat(new LedgerVerifier(database).verifyAll().intact()).isTrue();
        }
    }

    /** Tester 37: sizes rewritten to add up to more than the document holds went unnoticed. */
    @Test
    void sizes_that_do_not_divide_the_documents_events_are_a_broken_link_and_cut_nothing() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier)) {
            barrier.appendWhileTheFirstIsHeld(engine, events("b", 0, 2), events("c", 0, 1))
                    .forEach(CompletableFuture::join);
            commits.updateOne(Filters.eq("_id", 1L), Updates.set(LedgerSchema.COMMIT_SIZES, List.of(5, 5)));

            assertThat(engine.cutAt(2)).isEqualTo(4);
            VerificationReport report = new LedgerVerifier(database).verifyAll();
            assertThat(report.intact()).isFalse();
            assertThat(report.firstBrokenLink().orElseThrow().problem())
                    .isEqualTo("commitSizes [5, 5] do not divide its 3 events into commits");
            commits.updateOne(Filters.eq("_id", 1L), Updates.set(LedgerSchema.COMMIT_SIZES, "two"));
            assertThat(engine.cutAt(2)).isEqualTo(4);
            assertThat(new LedgerVerifier(database).verifyAll().firstBrokenLink().orElseThrow().problem())
                    .isEqualTo("commitSizes is no array of integers");
        }
    }

    @Test
    void a_commit_the_store_refuses_fails_alone_and_the_others_of_its_document_are_written() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier)) {
            // A stream key only the server knows: the engine's cache says x ends at 0, so it seals x@1.
            engine.appendEvents(events("x", 0, 1));
            commits.insertOne(foreignChunk(1_000, "x#1"));

            List<CompletableFuture<Void>> appends = barrier.appendWhileTheFirstIsHeld(engine,
                    events("y", 0, 1), events("x", 1, 1), events("w", 0, 1));
            appends.get(1).handle((ignored, failure) -> null).join();
            appends.get(0).join();
            appends.get(2).join();

            assertThatThrownBy(appends.get(1)::join).hasCauseInstanceOf(ConcurrencyException.class);
            commits.deleteOne(Filters.eq("_id", 1_000L));
            assertThat(positionsOf(engine)).containsExactly(0L, 1L, 2L, 3L);
            assertThat(commits.countDocuments(Filters.exists(LedgerSchema.VOID))).isZero();
            assertThat(sequencesOf(engine, "x", 0)).containsExactly(0L);
            assertThat(new LedgerVerifier(database).verifyAll().intact()).isTrue();
        }
    }

    @Test
    void no_document_holds_more_commits_than_the_settings_allow() throws Exception {
        try (MongoLedgerStorageEngine engine = LedgerTestSupport.engine(database, barrier,
                LedgerSettings.defaults().withCommitsPerDocument(2))) {
            barrier.appendWhileTheFirstIsHeld(engine, events("b", 0, 1), events("c", 0, 1), events("d", 0, 1),
                    events("e", 0, 3), events("f", 0, 1)).forEach(CompletableFuture::join);

            List<Integer> streamsPerDocument = new ArrayList<>();
            commits.find().forEach(document -> streamsPerDocument.add(document.getArray(LedgerSchema.STREAMS).size()));
            assertThat(streamsPerDocument).containsExactlyInAnyOrder(1, 2, 2, 1);
            assertThat(positionsOf(engine)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        }
    }

    private static List<Long> positionsOf(MongoLedgerStorageEngine engine) {
        return engine.readEvents(null, false).<TrackedEventMessage<?>>map(event -> event)
                .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();
    }

    private static long firstPositionOf(MongoLedgerStorageEngine engine, String aggregateId) {
        return engine.storedStream(aggregateId).findFirst().orElseThrow().position();
    }

    private static List<Long> sequencesOf(MongoLedgerStorageEngine engine, String aggregateId, long from) {
        return engine.readEvents(aggregateId, from).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    /** A commit another writer would have stored far ahead, holding only a stream key. */
    private static BsonDocument foreignChunk(long position, String streamKey) {
        return new BsonDocument("_id", new BsonInt64(position))
                .append(LedgerSchema.STREAMS, new BsonArray(List.<BsonValue>of(new BsonString(streamKey))))
                .append(LedgerSchema.COMMITTED_AT, new BsonDateTime(0))
                .append(LedgerSchema.COUNT, new BsonInt32(1))
                .append(LedgerSchema.EVENTS, new BsonArray());
    }
}
