package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class ProjectionTokenStoreTest {

    private static final String PROCESSOR = "triage";

    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MongoClient client;
    private MongoDatabase database;
    private LedgerTokenStore ledgerTokens;
    private Generations generations;
    private final ProjectionShares shares = new ProjectionShares(Duration.ofSeconds(10), clock, projection -> false,
            (projection, duration) -> { });

    @BeforeEach
    void connect() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(EmbeddedMongo.connectionString()))
                .addCommandListener(listener).build());
        database = client.getDatabase("test_" + UUID.randomUUID().toString().replace("-", ""));
        ledgerTokens = new LedgerTokenStore(database, LedgerSerializers.messages(), "node-a", Duration.ofSeconds(10),
                clock);
        ledgerTokens.initializeTokenSegments(PROCESSOR, 1);
        generations = new Generations(database);
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * A processor stores its token after every batch, about one event each at a live rate: the token and the
     * checkpoint other nodes read were two writes, a fenced update and a checkpoint upsert.
     */
    @Test
    void a_stored_token_and_its_checkpoint_are_one_write() {
        ProjectionTokenStore tokens = new ProjectionTokenStore(ledgerTokens, Duration.ZERO,
                (task, delay) -> scheduled.add(task), new SegmentSearches(new NodeStop()), shares, generations::refresh);
        tokens.fetchToken(PROCESSOR, 0);
        commands.clear();

        tokens.storeToken(new GlobalSequenceTrackingToken(41), PROCESSOR, 0);

        assertThat(commands).containsExactly("update");
        assertThat(new Checkpoints(database).read(PROCESSOR, 0)).hasValue(42);
    }

    @Test
    void with_no_interval_every_batch_writes_its_token() {
        ProjectionTokenStore tokens = new ProjectionTokenStore(ledgerTokens, Duration.ZERO, clock,
                (task, delay) -> scheduled.add(task), new SegmentSearches(new NodeStop()), shares, generations::refresh);
        tokens.fetchToken(PROCESSOR, 0);
        commands.clear();

        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0));
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0));

        assertThat(commands).containsExactly("update", "update");
        assertThat(scheduled).isEmpty();
    }

    @Test
    void while_events_flow_a_token_is_written_at_most_once_per_interval_and_the_latest_when_it_is_up() {
        ProjectionTokenStore tokens = cadenced();
        tokens.fetchToken(PROCESSOR, 0);
        commands.clear();

        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0));
        clock.advance(Duration.ofMillis(5));
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0));
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(3), PROCESSOR, 0));

        assertThat(commands).containsExactly("update");
        assertThat(checkpoint()).hasValue(2);
        assertThat(scheduled).hasSize(1);

        commands.clear();
        runScheduled();
        assertThat(commands).containsExactly("update");
        assertThat(checkpoint()).hasValue(4);
    }

    @Test
    void a_waiting_token_is_written_before_the_claim_is_extended_or_released() {
        ProjectionTokenStore tokens = cadenced();
        tokens.fetchToken(PROCESSOR, 0);
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0));
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0));

        tokens.extendClaim(PROCESSOR, 0);
        assertThat(checkpoint()).hasValue(3);

        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(3), PROCESSOR, 0));
        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(otherNode().fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    /** A reset's token written after by a waiting one would skip the events the reset should replay. */
    @Test
    void a_reset_is_written_at_once_and_no_waiting_token_is_written_after_it() {
        ProjectionTokenStore tokens = cadenced();
        tokens.fetchToken(PROCESSOR, 0);
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0));
        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(50), PROCESSOR, 0));

        tokens.storeToken(null, PROCESSOR, 0);
        assertThat(checkpoint()).hasValue(0);

        commands.clear();
        runScheduled();
        assertThat(commands).isEmpty();
        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(otherNode().fetchToken(PROCESSOR, 0)).isNull();
    }

    /**
     * A node's generations are up to half a second old; one taking a segment just after another node switched a
     * rebuilt generation in would go on writing the old one, which nothing reads any more.
     */
    @Test
    void a_node_taking_a_segment_first_reads_the_generation_another_node_switched_to() {
        ProjectionTokenStore tokens = cadenced();
        assertThat(generations.get(PROCESSOR).read()).isZero();
        Generations elsewhere = new Generations(database);
        elsewhere.completeRebuild(PROCESSOR, elsewhere.beginRebuild(PROCESSOR, 1));

        tokens.fetchToken(PROCESSOR, Segment.ROOT_SEGMENT);

        assertThat(generations.get(PROCESSOR)).isEqualTo(new Generations.Generation(1, 1, 0));
    }

    /**
     * Two query nodes live: this one runs two of the four shared projections, so it neither sees a third as free to
     * claim nor may claim it (two processors' searches at once could otherwise both pass), until one of its own goes.
     */
    @Test
    void a_node_whose_share_is_full_finds_no_segment_to_claim_and_is_refused_one() {
        ProjectionTokenStore tokens = runningTriageAndTicketsBesideANodeRunning(2);

        assertThat(tokens.fetchAvailableSegments(ProjectionNames.RELEASES)).isEmpty();
        assertThatThrownBy(() -> tokens.fetchToken(ProjectionNames.RELEASES, Segment.ROOT_SEGMENT))
                .isInstanceOf(UnableToClaimTokenException.class)
                .hasMessageContaining("share of the shared projections (2 with 2 live query nodes)");
        assertThat(ledgerTokens.claimants(ProjectionNames.RELEASES)).isEmpty();

        tokens.releaseClaim(ProjectionNames.TICKETS, 0);

        assertThat(tokens.fetchAvailableSegments(ProjectionNames.RELEASES)).hasSize(1);
        tokens.fetchToken(ProjectionNames.RELEASES, Segment.ROOT_SEGMENT);
        assertThat(ledgerTokens.claimants(ProjectionNames.RELEASES)).containsValue("node-a");
    }

    /** The node it was handed to never took it: past a claim timeout free, the search finds it and the claim is made. */
    @Test
    void a_segment_free_for_a_claim_timeout_is_found_and_claimed_beyond_the_share() {
        ProjectionTokenStore tokens = runningTriageAndTicketsBesideANodeRunning(0);
        assertThat(tokens.fetchAvailableSegments(ProjectionNames.RELEASES)).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        List<Segment> found = tokens.fetchAvailableSegments(ProjectionNames.RELEASES);

        assertThat(found).hasSize(1);
        tokens.fetchToken(ProjectionNames.RELEASES, found.get(0));
        assertThat(ledgerTokens.claimants(ProjectionNames.RELEASES)).containsValue("node-a");
    }

    /** Another node hands this one a projection only while its processor searches, as a launcher backing off does not. */
    @Test
    void a_search_the_store_answered_shows_the_processor_searching_and_one_not_made_does_not() {
        ProjectionTokenStore tokens = cadenced();

        tokens.fetchAvailableSegments(ProjectionNames.RELEASES);
        assertThat(shares.searching()).containsExactly(ProjectionNames.RELEASES);

        NodeStop stopping = new NodeStop();
        stopping.begin();
        new ProjectionTokenStore(ledgerTokens, Duration.ofMillis(25), clock, (task, delay) -> scheduled.add(task),
                new SegmentSearches(stopping), shares, generations::refresh).fetchAvailableSegments(PROCESSOR);
        assertThat(shares.searching()).containsExactly(ProjectionNames.RELEASES);
    }

    /** A claim another node took (this one stalled past its claim timeout) no longer counts toward the share. */
    @Test
    void a_claim_lost_to_another_node_frees_its_place_in_the_share() {
        ProjectionTokenStore tokens = cadenced();
        tokens.fetchToken(PROCESSOR, Segment.ROOT_SEGMENT);
        assertThat(shares.held()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        new LedgerTokenStore(database, LedgerSerializers.messages(), "node-b", Duration.ofSeconds(10), clock)
                .fetchToken(PROCESSOR, 0);

        assertThatThrownBy(() -> tokens.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);

        assertThat(shares.held()).isZero();
    }

    /** A rebuild's switch goes on from where the processor's last batch left it: the token that batch handed over. */
    @Test
    void a_batch_knows_the_token_it_handed_over_which_is_written_after_its_documents() {
        ProjectionTokenStore tokens = cadenced();
        tokens.fetchToken(PROCESSOR, 0);
        Transaction transaction = new ProjectionTransactionManager().startTransaction();

        inBatch(() -> tokens.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0));

        Long handed = ProjectionBatch.CURRENT.get().handed();
        OptionalLong beforeCommit = checkpoint();
        transaction.commit();
        assertThat(handed).isEqualTo(8);
        assertThat(beforeCommit).hasValue(0);
        assertThat(checkpoint()).hasValue(8);
    }

    /** This node, {@code node-a}, claimed triage and tickets; one other node is live, running {@code othersHeld}. */
    private ProjectionTokenStore runningTriageAndTicketsBesideANodeRunning(int othersHeld) {
        ProjectionTokenStore tokens = cadenced();
        ProjectionNames.SHARED.stream().filter(name -> !name.equals(PROCESSOR))
                .forEach(name -> ledgerTokens.initializeTokenSegments(name, 1));
        shares.counted("node-a", List.of(new ProjectionShares.Peer("node-b", othersHeld)));
        tokens.fetchToken(ProjectionNames.TRIAGE, Segment.ROOT_SEGMENT);
        tokens.fetchToken(ProjectionNames.TICKETS, Segment.ROOT_SEGMENT);
        return tokens;
    }

    private ProjectionTokenStore cadenced() {
        return new ProjectionTokenStore(ledgerTokens, Duration.ofMillis(25), clock,
                (task, delay) -> scheduled.add(task), new SegmentSearches(new NodeStop()), shares, generations::refresh);
    }

    private static void inBatch(Runnable store) {
        new BatchingUnitOfWork<>(GenericEventMessage.asEventMessage("event")).execute(store);
    }

    private void runScheduled() {
        List<Runnable> due = List.copyOf(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    private OptionalLong checkpoint() {
        return new Checkpoints(database).read(PROCESSOR, 0);
    }

    private LedgerTokenStore otherNode() {
        return new LedgerTokenStore(database, LedgerSerializers.messages(), "node-b", Duration.ofSeconds(10), clock);
    }
}
