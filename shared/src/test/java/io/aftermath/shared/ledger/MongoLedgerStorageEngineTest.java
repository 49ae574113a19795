package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.event;
import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class MongoLedgerStorageEngineTest {

    private MongoDatabase database;
    private MongoLedgerStorageEngine engine;

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        engine = LedgerTestSupport.engine(database);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void every_read_of_a_window_asks_for_the_whole_window_in_its_first_batch() {
        List<BsonDocument> finds = findsWhileReading(150, listened -> {
            assertThat(listened.readEvents(null, false).count()).isEqualTo(150);
            assertThat(listened.readEvents("w-7").asStream().count()).isEqualTo(1);
        });

        assertThat(finds).isNotEmpty().allSatisfy(find -> assertThat(find.getInt32("batchSize").getValue())
                .isEqualTo(inKeys(find)));
    }

    @Test
    void a_tracking_read_that_finds_its_windows_full_asks_for_larger_ones() {
        List<BsonDocument> finds = findsWhileReading(3000, listened -> {
            assertThat(listened.readEvents(null, false)
                    .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 3000).boxed().toList());
            assertThat(listened.readEvents(new GlobalSequenceTrackingToken(2999), false).count()).isZero();
        });

        // Windows read ahead go out concurrently, so only the first is sure to be sent first. A read
        // resuming after a token looks 16 positions back for a commit begun before it.
        List<Integer> sizes = finds.stream().map(MongoLedgerStorageEngineTest::inKeys).toList();
        assertThat(sizes.get(0)).isEqualTo(128);
        assertThat(sizes).contains(1024).containsOnlyOnce(128 + 16).hasSizeLessThanOrEqualTo(9)
                .allMatch(size -> size == 128 + 16 || Integer.bitCount(size) == 1 && size <= 1024);
    }

    @Test
    void commits_running_across_window_ends_are_read_once_each_whatever_the_windows_read_ahead() {
        java.util.Random random = new java.util.Random(7);
        long sequence = 0;
        while (engine.localHead() < 6000) {
            // Now and then a commit longer than a whole window, which moves the read past a window asked for ahead.
            int size = random.nextInt(20) == 0 ? 150 + random.nextInt(300) : 1 + random.nextInt(9);
            engine.appendEvents(events("long", sequence, size));
            sequence += size;
        }
        long head = engine.localHead();

        for (long token : new long[] {-1, 126, 127, 1000, 4095}) {
            TrackingToken start = token < 0 ? null : new GlobalSequenceTrackingToken(token);
            assertThat(trackedFrom(start).stream()
                    .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()))
                    .as("after token %d", token)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(token + 1, head).boxed().toList());
        }
    }

    /** The finds a fresh engine sends while reading a log of single-event commits "w-0", "w-1", .... */
    private List<BsonDocument> findsWhileReading(int commits, java.util.function.Consumer<MongoLedgerStorageEngine> reads) {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent started) {
                if (started.getCommandName().equals("find")) {
                    finds.add(started.getCommand().clone());
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(recorder).build())) {
            MongoLedgerStorageEngine listened = LedgerTestSupport.engine(client.getDatabase(database.getName()));
            for (int i = 0; i < commits; i++) {
                listened.appendEvents(event("w-" + i, 0));
            }
            finds.clear();
            reads.accept(listened);
            listened.close();
        }
        return finds;
    }

    private static int inKeys(BsonDocument find) {
        return find.getDocument("filter").values().iterator().next().asDocument().getArray("$in").size();
    }

    @Test
    void a_stream_reads_back_in_sequence_order_with_payload_and_metadata() {
        engine.appendEvents(events("t-1", 0, 2));
        engine.appendEvents(events("t-2", 0, 1));
        engine.appendEvents(events("t-1", 2, 3));

        List<? extends DomainEventMessage<?>> read = engine.readEvents("t-1").asStream().toList();

        assertThat(read).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(read.get(3).getPayload()).isEqualTo(new Noted("t-1/3", 3));
        assertThat(read.get(3).getMetaData()).containsEntry("actor", "alice");
        assertThat(read.get(3).getType()).isEqualTo("Ticket");
        assertThat(engine.readEvents("t-1", 3).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(3L, 4L);
    }

    @Test
    void a_stream_can_be_read_from_inside_a_commit() {
        engine.appendEvents(events("t-1", 0, 5));

        assertThat(engine.readEvents("t-1", 2).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(2L, 3L, 4L);
        assertThat(engine.readEvents("t-1", 5).asStream()).isEmpty();
        assertThat(engine.readEvents("unknown").asStream()).isEmpty();
    }

    @Test
    void a_largestream_is_read_completely_across_growing_windows() {
        for (int i = 0; i < 300; i++) {
            engine.appendEvents(List.of(event("long", i)));
        }

        assertThat(engine.readEvents("long").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 300).boxed().toList());
        assertThat(engine.lastSequenceNumberFor("long")).contains(299L);
        assertThat(engine.lastSequenceNumberFor("nothing")).isEmpty();
    }

    @Test
    void positions_are_contiguous_from_zero_and_a_commit_is_one_document() {
        engine.appendEvents(events("a", 0, 3));
        engine.appendEvents(events("b", 0, 2));

        List<Long> positions = trackedFrom(null).stream()
                .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();

        assertThat(positions).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(database.getCollection(LedgerSchema.COMMITS).countDocuments()).isEqualTo(2);
        BsonDocument second = engine.commits().find(Filters.eq("_id", 3L)).first();
        assertThat(second.getArray(LedgerSchema.STREAMS).get(0).asString().getValue()).isEqualTo("b#0");
        assertThat(second.getInt32(LedgerSchema.COUNT).getValue()).isEqualTo(2);
        assertThat(engine.localHead()).isEqualTo(5);
    }

    @Test
    void tracking_reads_resume_after_any_token_even_inside_a_commit() {
        engine.appendEvents(events("a", 0, 4));
        engine.appendEvents(events("b", 0, 1));
        engine.appendEvents(events("a", 4, 2));

        for (long token = -1; token < 7; token++) {
            TrackingToken start = token < 0 ? null : new GlobalSequenceTrackingToken(token);
            List<Long> positions = trackedFrom(start).stream()
                    .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();
            List<Long> expected = java.util.stream.LongStream.range(token + 1, 7).boxed().toList();
            assertThat(positions).as("after token %d", token).containsExactlyElementsOf(expected);
        }
    }

    /**
     * Tester 39's log flood: a commit just behind the head changed out of the ledger's shape failed every
     * read from the head (the first window looks back for a commit begun earlier), so no processor got a
     * new event and Axon's shared reader logged an ERROR ten times a second.
     */
    @Test
    void a_commit_out_of_shape_stops_only_the_reads_that_need_it() {
        engine.appendEvents(events("a", 0, 3));
        engine.appendEvents(events("b", 0, 1));
        engine.appendEvents(events("a", 3, 2));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 0L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));

        for (long token = 2; token < 6; token++) {
            List<Long> positions = trackedFrom(new GlobalSequenceTrackingToken(token)).stream()
                    .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();
            assertThat(positions).as("after token %d", token)
                    .containsExactlyElementsOf(LongStream.range(token + 1, 6).boxed().toList());
        }
        for (TrackingToken inside : Arrays.asList(null, new GlobalSequenceTrackingToken(0),
                new GlobalSequenceTrackingToken(1))) {
            assertThatThrownBy(() -> trackedFrom(inside)).as("from %s, inside the commit", inside)
                    .isInstanceOf(BsonInvalidOperationException.class);
        }
    }

    /** Tester 40: a replay or export cut before a commit out of shape failed on it all the same (its window failed). */
    @Test
    void a_read_that_stops_before_a_commit_out_of_shape_gets_everything_before_it() {
        engine.appendEvents(events("a", 0, 3));
        engine.appendEvents(events("b", 0, 1));
        engine.appendEvents(events("a", 3, 2));
        engine.appendEvents(events("c", 0, 1));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 4L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));

        assertThat(engine.storedEvents(0).limit(4).map(StoredEvent::position)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(engine.storedEvents(0, 4).map(StoredEvent::position)).as("cut before it, as a replay cuts")
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(engine.cutAt(4)).isEqualTo(4);
        assertThatThrownBy(() -> engine.storedEvents(0).limit(5).count()).as("the event the read asks for")
                .isInstanceOf(BsonInvalidOperationException.class);
        assertThat(trackedFrom(new GlobalSequenceTrackingToken(5))).as("beyond it").hasSize(1);
    }

    /**
     * Tester 40: Axon's shared tail reader (the one asking with mayBlock) logged an ERROR with its stack every
     * fetch delay while a commit it could not read lay at the head; a processor's own read still fails.
     */
    @Test
    void the_shared_tail_reader_ends_quietly_at_a_commit_out_of_shape() {
        engine.appendEvents(events("a", 0, 2));
        engine.appendEvents(events("b", 0, 1));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));

        assertThat(engine.readEvents(null, true).count()).isEqualTo(2);
        assertThatThrownBy(() -> engine.readEvents(null, false).count())
                .isInstanceOf(BsonInvalidOperationException.class);
    }

    /** Tester 40: a count raised by hand made replays end early with 200, where only the verifier said so. */
    @Test
    void a_commit_whose_count_disagrees_with_its_events_is_out_of_shape() {
        engine.appendEvents(events("a", 0, 2));
        engine.appendEvents(events("b", 0, 1));
        database.getCollection(LedgerSchema.COMMITS).updateOne(Filters.eq("_id", 0L), Updates.set(LedgerSchema.COUNT, 5));

        assertThatThrownBy(() -> trackedFrom(null)).isInstanceOf(BsonInvalidOperationException.class)
                .hasMessage("The commit at position 0 says 5 events but holds 2");
    }

    /**
     * Tester 40: a document written by hand at the head, out of the ledger's shape, failed every write and
     * health (the head could not be read), and the batch that met it stayed in flight: lone writes hung.
     */
    @Test
    void a_document_out_of_shape_at_the_head_is_passed_by_appends_and_the_head() {
        engine.appendEvents(events("a", 0, 2));
        database.getCollection(LedgerSchema.COMMITS).insertOne(new org.bson.Document("_id", 2L)
                .append(LedgerSchema.STREAMS, List.of("by-hand#0")).append(LedgerSchema.COUNT, 1)
                .append(LedgerSchema.COMMITTED_AT, "not a date").append(LedgerSchema.EVENTS, List.of()));

        assertThat(engine.head()).isEqualTo(3);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            engine.appendEvents(events("b", 0, 1));
            engine.appendEvents(events("c", 0, 1));
        });
        assertThat(engine.head()).isEqualTo(5);
        assertThat(database.getCollection(LedgerSchema.COMMITS).find(Filters.in(LedgerSchema.STREAMS, "b#0", "c#0"))
                .map(commit -> commit.getLong("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder(3L, 4L);
    }

    /**
     * Tester 42: with a count the ledger cannot read at the head, writes were answered 500 and stored later,
     * when it was put right (their callers, retrying, had them twice); the head and health failed meanwhile.
     */
    @Test
    void appends_are_refused_before_a_document_whose_extent_cannot_be_read_and_none_is_stored_later() {
        engine.appendEvents(events("a", 0, 2));
        MongoCollection<org.bson.Document> commits = database.getCollection(LedgerSchema.COMMITS);
        commits.insertOne(new org.bson.Document("_id", 2L).append(LedgerSchema.STREAMS, List.of("void@2"))
                .append(LedgerSchema.COUNT, "1").append(LedgerSchema.COMMITTED_AT, new java.util.Date())
                .append(LedgerSchema.EVENTS, List.of()).append(LedgerSchema.VOID, "by hand"));

        assertThat(engine.head()).isEqualTo(2);
        assertThat(engine.unreadableAtHead()).contains(2L);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> engine.appendEvents(events("b", 0, 1)))
                    .isInstanceOf(BsonInvalidOperationException.class).hasMessageContaining("position 2");
            assertThatThrownBy(() -> engine.appendEvents(events("c", 0, 1)))
                    .isInstanceOf(BsonInvalidOperationException.class);
        });

        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COUNT, 1));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> engine.appendEvents(events("d", 0, 1)));
        assertThat(engine.unreadableAtHead()).isEmpty();
        assertThat(commits.countDocuments(Filters.in(LedgerSchema.STREAMS, "b#0", "c#0"))).as("refused").isZero();
        assertThat(commits.find(Filters.eq(LedgerSchema.STREAMS, "d#0")).first().getLong("_id")).isEqualTo(3L);
    }

    /** Tester 42: a node did not start while a commit it could not read lay near the head. */
    @Test
    void an_engine_starts_on_a_log_whose_last_commits_were_changed_out_of_shape() {
        engine.appendEvents(events("a", 0, 2));
        engine.appendEvents(events("b", 0, 1));
        MongoCollection<org.bson.Document> commits = database.getCollection(LedgerSchema.COMMITS);
        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));
        engine.close();

        engine = LedgerTestSupport.engine(database);
        assertThat(engine.head()).isEqualTo(3);

        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COUNT, 1.0));
        engine.close();
        engine = LedgerTestSupport.engine(database);
        assertThat(engine.head()).as("from the head hint, past it").isEqualTo(3);
    }

    @Test
    void the_event_at_a_position_is_named_by_its_id_wherever_its_commit_begins() {
        List<DomainEventMessage<?>> small = events("a", 0, 3);
        List<DomainEventMessage<?>> large = events("long", 0, 300);
        engine.appendEvents(small);
        engine.appendEvents(large);

        assertThat(engine.eventIdAt(0)).contains(small.get(0).getIdentifier());
        assertThat(engine.eventIdAt(2)).as("inside a commit").contains(small.get(2).getIdentifier());
        assertThat(engine.eventIdAt(3 + 299)).as("a window and more after its commit began")
                .contains(large.get(299).getIdentifier());
        assertThat(engine.eventIdAt(303)).as("the head").isEmpty();
    }

    @Test
    void tracking_reads_cross_many_windows() {
        for (int i = 0; i < 700; i++) {
            engine.appendEvents(List.of(event("s-" + (i % 7), i / 7)));
        }

        assertThat(trackedFrom(null)).hasSize(700);
        assertThat(trackedFrom(new GlobalSequenceTrackingToken(599))).hasSize(100);
    }

    @Test
    void creating_an_existing_stream_fails_and_stores_nothing() {
        engine.appendEvents(events("t-1", 0, 1));

        assertThatThrownBy(() -> engine.appendEvents(events("t-1", 0, 1)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(trackedFrom(null)).hasSize(1);
        assertThat(engine.localHead()).isEqualTo(1);
    }

    @Test
    void a_stale_writer_gets_a_concurrency_exception_and_stores_nothing() {
        engine.appendEvents(events("t-1", 0, 3));

        assertThatThrownBy(() -> engine.appendEvents(events("t-1", 2, 2)))
                .isInstanceOf(ConcurrencyException.class);
        try (MongoLedgerStorageEngine otherNode = LedgerTestSupport.engine(database)) {
            // The other node's cache knows nothing, so only the unique stream key can stop it.
            assertThatThrownBy(() -> otherNode.appendEvents(events("t-1", 1, 1)))
                    .isInstanceOf(ConcurrencyException.class);
            otherNode.appendEvents(events("t-1", 3, 1));
        }
        assertThat(engine.readEvents("t-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(trackedFrom(null)).hasSize(4);
    }

    @Test
    void a_gap_in_a_stream_is_refused() {
        engine.appendEvents(events("t-1", 0, 1));

        assertThatThrownBy(() -> engine.appendEvents(events("t-1", 5, 1)))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("contiguous");
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("t-2", 0), event("t-2", 2))))
                .isInstanceOf(EventStoreException.class);
        assertThat(trackedFrom(null)).hasSize(1);
    }

    @Test
    void a_commit_spanning_two_streams_is_atomic_and_conflicts_on_either() {
        engine.appendEvents(events("b", 0, 1));
        List<EventMessage<?>> both = new ArrayList<>(events("a", 0, 2));
        both.add(event("b", 1));
        engine.appendEvents(both);

        assertThat(engine.readEvents("a").asStream()).hasSize(2);
        assertThat(engine.readEvents("b").asStream()).hasSize(2);

        List<EventMessage<?>> stale = List.of(event("c", 0), event("b", 1));
        assertThatThrownBy(() -> engine.appendEvents(stale)).isInstanceOf(ConcurrencyException.class);
        assertThat(engine.readEvents("c").asStream()).isEmpty();
        assertThat(trackedFrom(null)).hasSize(4);
    }

    @Test
    void a_commit_larger_than_a_document_may_be_is_refused_and_the_ledger_goes_on() {
        engine.appendEvents(events("t-1", 0, 1));
        DomainEventMessage<Noted> huge = new GenericDomainEventMessage<>("Ticket", "t-2", 0,
                new Noted("x".repeat(17 * 1024 * 1024), 0));

        assertThatThrownBy(() -> engine.appendEvents(List.of(huge))).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("exceeds");
        engine.appendEvents(events("t-2", 0, 1));

        assertThat(trackedFrom(null)).hasSize(2);
        assertThat(engine.localHead()).isEqualTo(2);
    }

    @Test
    void streamless_events_are_stored_and_tracked_as_plain_events() {
        engine.appendEvents(List.of(GenericEventMessage.asEventMessage(new Noted("loose", 1))));

        List<TrackedEventMessage<?>> tracked = trackedFrom(null);
        assertThat(tracked).hasSize(1);
        assertThat(tracked.get(0)).isNotInstanceOf(DomainEventMessage.class);
        assertThat(tracked.get(0).getPayload()).isEqualTo(new Noted("loose", 1));
    }

    @Test
    void snapshots_keep_only_the_newest() {
        engine.storeSnapshot(new GenericDomainEventMessage<>("Ticket", "t-1", 5, new Noted("five", 5)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Ticket", "t-1", 9, new Noted("nine", 9)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Ticket", "t-1", 7, new Noted("seven", 7)));

        DomainEventMessage<?> snapshot = engine.readSnapshot("t-1").orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(9);
        assertThat(snapshot.getPayload()).isEqualTo(new Noted("nine", 9));
        assertThat(engine.readSnapshot("t-2")).isEmpty();
    }

    @Test
    void a_snapshot_read_while_newer_ones_are_stored_is_never_a_mix_of_two() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int sequence = 1; sequence <= 300; sequence++) {
                engine.storeSnapshot(new GenericDomainEventMessage<>("Ticket", "s-1", sequence,
                        new Noted("at " + sequence, sequence)));
            }
            writing.set(false);
        });
        writer.start();
        int reads = 0;
        while (writing.get() || reads == 0) {
            java.util.Optional<DomainEventMessage<?>> snapshot = engine.readSnapshot("s-1");
            if (snapshot.isPresent()) {
                Noted payload = (Noted) snapshot.get().getPayload();
                assertThat((long) payload.number()).isEqualTo(snapshot.get().getSequenceNumber());
                reads++;
            }
        }
        writer.join();
        assertThat(engine.readSnapshot("s-1").orElseThrow().getSequenceNumber()).isEqualTo(300);
        assertThat(database.getCollection(LedgerSchema.SNAPSHOTS).countDocuments()).isEqualTo(1);
    }

    @Test
    void head_tail_and_time_tokens_point_where_axon_expects() throws InterruptedException {
        assertThat(engine.createTailToken()).isNull();
        assertThat(engine.createHeadToken()).isNull();
        engine.appendEvents(events("a", 0, 3));
        Thread.sleep(5); // commit times have millisecond resolution; this separates two commits in time
        Instant between = Instant.now();
        Thread.sleep(5);
        engine.appendEvents(events("b", 0, 2));

        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(4));
        assertThat(engine.createTokenAt(between)).isEqualTo(new GlobalSequenceTrackingToken(2));
        assertThat(engine.createTokenAt(Instant.EPOCH)).isNull();
        assertThat(engine.createTokenAt(Instant.now().plusSeconds(60))).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    /**
     * The cut "as of" an instant takes the events stamped by then, however much later their commits
     * were recorded (a command that waited in a queue, or a story written with past times), and never
     * skips a commit before them. Before, only commits recorded within 5 s of it counted.
     */
    @Test
    void the_log_as_of_an_instant_holds_the_events_stamped_by_then_and_everything_before_them() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        MutableClock clock = new MutableClock(t.minusSeconds(10).plusMillis(2));
        try (MongoLedgerStorageEngine stamped = LedgerTestSupport.builder(EmbeddedMongo.freshDatabase(),
                LedgerSettings.defaults()).clock(clock).build()) {
            stamped.appendEvents(stampedAt("a", 0, t.minusSeconds(10)));
            clock.set(t.plusMillis(3));
            stamped.appendEvents(stampedAt("b", 0, t.plusMillis(1)));
            clock.set(t.plusMillis(6));
            stamped.appendEvents(stampedAt("c", 0, t));
            clock.set(t.plusSeconds(60));
            stamped.appendEvents(stampedAt("d", 0, t.minusMillis(1)));

            assertThat(stamped.positionAfter(t.minusSeconds(20))).isZero();
            assertThat(stamped.positionAfter(t.minusSeconds(10))).isEqualTo(1);
            assertThat(stamped.positionAfter(t.minusMillis(2))).isEqualTo(1);
            assertThat(stamped.positionAfter(t.minusMillis(1))).as("d, recorded a minute later, and all before it")
                    .isEqualTo(4);
            assertThat(stamped.positionAfter(t)).isEqualTo(4);
            assertThat(stamped.positionAfter(t.plusMillis(6))).isEqualTo(4);
            assertThat(stamped.positionAfter(t.plusSeconds(60))).isEqualTo(4);
        }
    }

    /**
     * A node that does not append (a query node) walked to the head from where it started on every
     * call, re-reading the whole log written since; so a head it had read went back when the last
     * commits were removed, and a check from it found an intact log one commit short.
     */
    @Test
    void a_node_that_does_not_append_reads_the_head_from_the_last_it_read() {
        try (MongoLedgerStorageEngine reader = LedgerTestSupport.engine(database)) {
            engine.appendEvents(events("a", 0, 2));
            engine.appendEvents(events("b", 0, 1));
            assertThat(reader.head()).isEqualTo(3);
            engine.appendEvents(events("c", 0, 1));
            assertThat(reader.head()).isEqualTo(4);
            database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 3L));

            assertThat(reader.head()).as("commits removed from the end").isEqualTo(4);
            assertThat(new LedgerVerifier(database).verifyBefore(4).endingBefore(4).intact()).isFalse();
        }
    }

    @Test
    void a_cut_inside_a_commit_moves_to_its_end() {
        engine.appendEvents(events("a", 0, 3));
        engine.appendEvents(events("b", 0, 2));

        assertThat(engine.cutAt(0)).isZero();
        assertThat(engine.cutAt(1)).isEqualTo(3);
        assertThat(engine.cutAt(3)).isEqualTo(3);
        assertThat(engine.cutAt(4)).isEqualTo(5);
    }

    /** A position left empty behind a later commit is a hole only once that commit is older than one in flight. */
    @Test
    void a_missing_commit_is_a_hole_once_the_commit_beyond_it_has_settled() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        MutableClock clock = new MutableClock(t);
        onFreshLedger(clock, (ledger, fresh) -> {
            ledger.appendEvents(events("a", 0, 2));
            ledger.appendEvents(events("b", 0, 1));
            ledger.appendEvents(events("c", 0, 1));
            fresh.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq(LedgerSchema.ID, 2L));

            assertThat(ledger.holeAt(2)).as("c may be a commit in flight ahead of b").isEmpty();
            clock.set(t.plus(MongoLedgerStorageEngine.COMMIT_IN_FLIGHT).plusMillis(1));
            assertThat(ledger.holeAt(2)).contains(new LedgerHole(2, 3));
            assertThat(ledger.holeAt(0)).as("a read that ran out inside the log, before the hole")
                    .contains(new LedgerHole(2, 3));
            assertThat(ledger.holeAt(4)).as("the head").isEmpty();
            assertThat(ledger.holeAt(2).orElseThrow().problem()).isEqualTo("no commit at position 2 but one at 3");
        });
    }

    /**
     * What holds a reader is looked for within 4,096 positions of it: walking on to the head made a rebuild's
     * 202, whose replay starts at 0, take 24 s on a 300,000-event log. A hole further on holds it once it gets there.
     */
    @Test
    void a_reader_far_before_a_hole_is_held_by_nothing_yet_and_one_near_it_by_the_hole() {
        Instant t = Instant.parse("2026-12-07T13:00:00Z");
        MutableClock clock = new MutableClock(t);
        onFreshLedger(clock, (ledger, fresh) -> {
            for (int stream = 0; stream < 50; stream++) {
                ledger.appendEvents(events("s-" + stream, 0, 100));
            }
            ledger.appendEvents(events("b", 0, 1));
            ledger.appendEvents(events("c", 0, 1));
            fresh.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq(LedgerSchema.ID, 5_000L));
            clock.set(t.plus(MongoLedgerStorageEngine.COMMIT_IN_FLIGHT).plusMillis(1));

            assertThat(ledger.obstacleAt(0)).isEmpty();
            assertThat(ledger.obstacleAt(4_900)).map(LedgerObstacle::position).contains(5_000L);
            assertThat(ledger.holeAt(0)).as("a read that ran out at 0 is told of the hole however far")
                    .contains(new LedgerHole(5_000, 5_001));
        });
    }

    /** A ledger on a database of its own, on a clock the test moves; closed after the test. */
    private static void onFreshLedger(MutableClock clock, BiConsumer<MongoLedgerStorageEngine, MongoDatabase> test) {
        MongoDatabase fresh = EmbeddedMongo.freshDatabase();
        try (MongoLedgerStorageEngine ledger = LedgerTestSupport.builder(fresh, LedgerSettings.defaults())
                .clock(clock).build()) {
            test.accept(ledger, fresh);
        }
    }

    /**
     * Tester 10: with the commit of a ticket's event 2 deleted, the ticket loaded as events 0 and 1, a command
     * appended a new event 2, and the deleted commit could never be put back (its stream key was taken).
     */
    @ParameterizedTest(name = "event {0} removed")
    @ValueSource(longs = {0, 2, 3})
    void a_stream_missing_an_event_before_others_fails_to_load_rather_than_end_at_the_gap(long removed) {
        for (int sequence = 0; sequence < 5; sequence++) {
            engine.appendEvents(List.of(event("t-1", sequence)));
        }
        database.getCollection(LedgerSchema.COMMITS)
                .deleteOne(Filters.eq(LedgerSchema.STREAMS, LedgerSchema.streamKey("t-1", removed)));

        try (MongoLedgerStorageEngine restarted = LedgerTestSupport.engine(database)) {
            assertThatThrownBy(() -> restarted.readEvents("t-1").asStream().toList())
                    .isInstanceOf(IncompleteStreamException.class)
                    .hasMessageStartingWith("Stream t-1 misses its event " + removed + " though it holds event "
                            + (removed + 1));
            assertThatThrownBy(() -> restarted.lastSequenceNumberFor("t-1"))
                    .isInstanceOf(IncompleteStreamException.class);
            assertThat(restarted.readEvents("t-1", removed + 1).asStream().map(DomainEventMessage::getSequenceNumber))
                    .as("from beyond the gap, as after a snapshot").containsExactlyElementsOf(
                            java.util.stream.LongStream.range(removed + 1, 5).boxed().toList());
        }
    }

    /** Nothing lies beyond a stream's removed last commit to show it was there: only the log's hole does. */
    @Test
    void a_stream_whose_last_commit_was_removed_reads_as_shorter() {
        for (int sequence = 0; sequence < 3; sequence++) {
            engine.appendEvents(List.of(event("t-1", sequence)));
        }
        engine.appendEvents(events("t-2", 0, 1));
        database.getCollection(LedgerSchema.COMMITS)
                .deleteOne(Filters.eq(LedgerSchema.STREAMS, LedgerSchema.streamKey("t-1", 2)));

        try (MongoLedgerStorageEngine restarted = LedgerTestSupport.engine(database)) {
            assertThat(restarted.readEvents("t-1").asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(0L, 1L);
        }
    }

    private static DomainEventMessage<?> stampedAt(String aggregateId, long sequence, Instant timestamp) {
        DomainEventMessage<?> event = LedgerTestSupport.event(aggregateId, sequence);
        return new GenericDomainEventMessage<>(event.getType(), aggregateId, sequence, event.getPayload(),
                event.getMetaData(), event.getIdentifier(), timestamp);
    }

    @Test
    void a_restarted_engine_continues_after_the_last_position() {
        engine.appendEvents(events("a", 0, 3));
        engine.close();

        engine = LedgerTestSupport.engine(database);
        engine.appendEvents(events("a", 3, 1));

        assertThat(engine.localHead()).isEqualTo(4);
        assertThat(engine.readEvents("a").asStream()).hasSize(4);
    }

    @Test
    void two_engines_on_one_database_interleave_without_holes() {
        try (MongoLedgerStorageEngine otherNode = LedgerTestSupport.engine(database)) {
            for (int i = 0; i < 20; i++) {
                engine.appendEvents(events("x" + i, 0, 2));
                otherNode.appendEvents(events("y" + i, 0, 1));
            }
        }
        List<Long> positions = trackedFrom(null).stream()
                .map(event -> ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex()).toList();
        assertThat(positions).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 60).boxed().toList());
    }

    @Test
    void metadata_survives_the_round_trip() {
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Ticket", "m", 0, new Noted("x", 1),
                Map.of("actor", "bob", "correlationId", "corr", "causationId", "cause"))));

        assertThat(engine.readEvents("m").next().getMetaData())
                .containsEntry("actor", "bob").containsEntry("correlationId", "corr")
                .containsEntry("causationId", "cause");
    }

    private List<TrackedEventMessage<?>> trackedFrom(TrackingToken token) {
        return engine.readEvents(token, false).<TrackedEventMessage<?>>map(event -> event).toList();
    }
}
