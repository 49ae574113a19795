package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class LedgerTokenStoreTest {

    private static final String PROCESSOR = "triage";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MongoDatabase database;
    private LedgerTokenStore nodeA;
    private LedgerTokenStore nodeB;

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        nodeA = node("node-a");
        nodeB = node("node-b");
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(4));
    }

    @Test
    void tokens_round_trip_and_segments_are_listed() {
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));
        ReplayToken replay = (ReplayToken) ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(9),
                new GlobalSequenceTrackingToken(2));
        nodeA.storeToken(replay, PROCESSOR, 0);

        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(replay);
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0, 1);
        assertThat(nodeB.fetchAvailableSegments(PROCESSOR)).containsExactly(Segment.computeSegment(1, 0, 1));
        assertThat(nodeA.retrieveStorageIdentifier()).isEqualTo(nodeB.retrieveStorageIdentifier());
    }

    /** Tester 12: a rebuild asked of a node without the claim was refused with no word of which node had it. */
    @Test
    void every_node_reads_which_node_holds_each_claim_until_it_lapses() {
        assertThat(nodeB.claimants(PROCESSOR)).isEmpty();

        nodeA.fetchToken(PROCESSOR, 0);
        nodeB.fetchToken(PROCESSOR, 1);

        assertThat(nodeB.claimants(PROCESSOR)).containsExactly(entry(0, "node-a"), entry(1, "node-b"));
        nodeB.releaseClaim(PROCESSOR, 1);
        assertThat(nodeA.claimants(PROCESSOR)).containsExactly(entry(0, "node-a"));

        clock.advance(Duration.ofSeconds(11));
        assertThat(nodeB.claimants(PROCESSOR)).as("node-a went away").isEmpty();
        assertThat(nodeA.claimants(PROCESSOR)).as("its own, lapsed or not").containsExactly(entry(0, "node-a"));
    }

    /** Other nodes read how far a segment has got from this field, without claiming the token. */
    @Test
    void every_written_token_says_beside_it_which_events_its_processor_has_processed() {
        assertThat(processedBefore(0)).as("initialized at 4").isEqualTo(5L);
        nodeA.fetchToken(PROCESSOR, 0);

        nodeA.storeToken(ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(9),
                new GlobalSequenceTrackingToken(2)), PROCESSOR, 0);
        assertThat(processedBefore(0)).as("replaying, at 2").isEqualTo(3L);

        nodeA.storeToken(null, PROCESSOR, 0);
        assertThat(processedBefore(0)).as("reset to the start").isEqualTo(0L);

        nodeB.fetchToken(PROCESSOR, 1);
        nodeB.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 1);
        assertThat(processedBefore(1)).as("stored by another owner").isEqualTo(8L);
    }

    @Test
    void initializing_twice_is_refused() {
        assertThatThrownBy(() -> nodeB.initializeTokenSegments(PROCESSOR, 2))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeB.initializeSegment(null, PROCESSOR, 1))
                .isInstanceOf(UnableToInitializeTokenException.class);
    }

    @Test
    void a_claimed_segment_cannot_be_taken_until_released_or_expired() {
        nodeA.fetchToken(PROCESSOR, 0);

        assertThatThrownBy(() -> nodeB.fetchToken(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeB.storeToken(new GlobalSequenceTrackingToken(99), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);

        nodeA.releaseClaim(PROCESSOR, 0);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    @Test
    void a_node_that_lost_its_claim_cannot_write_over_the_new_owner() {
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(Duration.ofSeconds(11));
        nodeB.fetchToken(PROCESSOR, 0);
        nodeB.storeToken(new GlobalSequenceTrackingToken(20), PROCESSOR, 0);

        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeA.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeA.deleteToken(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(20));
    }

    /**
     * Tester 149: a query node went on from its own position after the embedded store's node was killed and
     * restarted from its last commit, so the read-model writes that store had lost never came back.
     */
    @Test
    void an_owner_whose_writes_the_store_lost_claims_again_from_the_token_the_store_kept() {
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(10), PROCESSOR, 0);
        Document committed = entryOf(0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(20), PROCESSOR, 0);
        nodeA.extendClaim(PROCESSOR, 0);
        database.getCollection(LedgerSchema.TOKENS).replaceOne(Filters.eq(LedgerSchema.ID, committed.get("_id")),
                committed);

        assertThatThrownBy(() -> nodeA.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class)
                .hasMessageContaining("lost writes");
        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(30), PROCESSOR, 0))
                .as("not until it claimed again").isInstanceOf(UnableToClaimTokenException.class);
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(10));
        nodeA.storeToken(new GlobalSequenceTrackingToken(30), PROCESSOR, 0);
        nodeA.extendClaim(PROCESSOR, 0);
        assertThat(processedBefore(0)).isEqualTo(31L);
    }

    /** A write the store applied but whose answer was lost is not the store losing writes: the owner claims again. */
    @Test
    void an_owner_whose_write_was_cut_off_in_flight_claims_again_before_it_writes() {
        AtomicBoolean cutOff = new AtomicBoolean();
        LedgerTokenStore owner = new LedgerTokenStore(cuttingOffUpdates(database, cutOff),
                LedgerSerializers.messages(), "node-a", Duration.ofSeconds(10), clock);
        owner.fetchToken(PROCESSOR, 0);

        cutOff.set(true);
        assertThatThrownBy(() -> owner.storeToken(new GlobalSequenceTrackingToken(10), PROCESSOR, 0))
                .isInstanceOf(MongoSocketReadTimeoutException.class);
        cutOff.set(false);

        assertThatThrownBy(() -> owner.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class)
                .message().doesNotContain("lost writes");
        assertThat(owner.fetchToken(PROCESSOR, 0)).as("the write was applied").isEqualTo(new GlobalSequenceTrackingToken(10));
        owner.extendClaim(PROCESSOR, 0);
    }

    /** Two processes given one {@code aftermath.node-id} by mistake are two claimants, not one. */
    @Test
    void two_processes_with_one_node_id_never_hold_a_segment_at_once() {
        LedgerTokenStore first = node("node-a");
        LedgerTokenStore second = node("node-a");
        first.fetchToken(PROCESSOR, 0);

        assertThatThrownBy(() -> second.fetchToken(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> second.storeToken(new GlobalSequenceTrackingToken(99), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> second.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
        second.releaseClaim(PROCESSOR, 0);
        assertThat(second.fetchAvailableSegments(PROCESSOR)).extracting(Segment::getSegmentId).containsExactly(1);

        clock.advance(Duration.ofSeconds(11));
        assertThat(second.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));
        assertThatThrownBy(() -> first.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    /** Which process runs a projection decides where it is rebuilt and switched: told by process, not by name. */
    @Test
    void a_processor_is_held_here_only_when_this_process_holds_every_claimed_segment() {
        LedgerTokenStore first = node("node-a");
        LedgerTokenStore second = node("node-a");
        assertThat(first.heldHere(PROCESSOR)).as("nothing claimed").isFalse();

        first.fetchToken(PROCESSOR, 0);
        assertThat(first.heldHere(PROCESSOR)).isTrue();
        assertThat(second.heldHere(PROCESSOR)).as("another process of the same name").isFalse();

        second.fetchToken(PROCESSOR, 1);
        assertThat(first.heldHere(PROCESSOR)).as("one segment of two").isFalse();
        second.releaseClaim(PROCESSOR, 1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(first.heldHere(PROCESSOR)).as("its own claim, lapsed but not taken").isTrue();
        assertThat(second.heldHere(PROCESSOR)).isFalse();
    }

    /**
     * A node that stalled past its claim while another took the segment, reset it and let it go must not
     * put its older token back: its processor fetches the reset token instead, and replays.
     */
    @Test
    void only_a_fetch_claims_so_a_stalled_node_cannot_undo_a_reset_made_while_it_stalled() {
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(Duration.ofSeconds(11));
        nodeB.fetchToken(PROCESSOR, 0);
        nodeB.storeToken(null, PROCESSOR, 0);
        nodeB.releaseClaim(PROCESSOR, 0);

        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 1))
                .as("a segment it never fetched").isInstanceOf(UnableToClaimTokenException.class);
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isNull();
        assertThat(processedBefore(1)).isEqualTo(5L);
    }

    /**
     * A processor stores its token after every batch, one event each at a live rate: before, every store
     * read the entry and then compared-and-set it, two round trips where the owner needs one.
     */
    @Test
    void the_owner_stores_its_token_in_one_round_trip() {
        List<String> commands = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(listener).build())) {
            LedgerTokenStore owner = new LedgerTokenStore(client.getDatabase(database.getName()),
                    LedgerSerializers.messages(), "node-a", Duration.ofSeconds(10), clock);
            owner.fetchToken(PROCESSOR, 0);
            commands.clear();

            owner.storeToken(new GlobalSequenceTrackingToken(5), PROCESSOR, 0);

            assertThat(commands).containsExactly("update");
            assertThat(owner.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(5));
        }
    }

    @Test
    void racing_nodes_never_both_win_a_claim() throws Exception {
        List<LedgerTokenStore> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(node("racer-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                CyclicBarrier start = new CyclicBarrier(8);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (LedgerTokenStore node : nodes) {
                    attempts.add(pool.submit(claimAfter(start, node)));
                }
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                clock.advance(Duration.ofSeconds(11));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Object processedBefore(int segment) {
        return entryOf(segment).get(LedgerTokenStore.PROCESSED_BEFORE);
    }

    /** The database, whose token updates, while {@code cutOff}, are applied and then answered by a read timeout. */
    private static MongoDatabase cuttingOffUpdates(MongoDatabase database, AtomicBoolean cutOff) {
        return proxy(MongoDatabase.class, database, (method, args) -> {
            Object answer = method.invoke(database, args);
            return method.getName().equals("getCollection") ? proxy(MongoCollection.class, answer, (call, callArgs) -> {
                Object result = call.invoke(answer, callArgs);
                if (cutOff.get() && call.getName().equals("updateOne")) {
                    throw new MongoSocketReadTimeoutException("cut off", new ServerAddress(), new IOException("reset"));
                }
                return result;
            }) : answer;
        });
    }

    private interface Call {
        Object answer(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            try {
                return call.answer(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private Document entryOf(int segment) {
        return database.getCollection(LedgerSchema.TOKENS)
                .find(Filters.eq(LedgerSchema.ID, LedgerTokenStore.id(PROCESSOR, segment))).first();
    }

    private LedgerTokenStore node(String nodeId) {
        return new LedgerTokenStore(database, LedgerSerializers.messages(), nodeId, Duration.ofSeconds(10), clock);
    }

    private static Callable<Boolean> claimAfter(CyclicBarrier start, LedgerTokenStore node) {
        return () -> {
            start.await();
            try {
                node.fetchToken(PROCESSOR, 1);
                return true;
            } catch (UnableToClaimTokenException lost) {
                return false;
            }
        };
    }
}
