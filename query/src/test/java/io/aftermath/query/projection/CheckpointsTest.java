package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class CheckpointsTest {

    private static final String PROCESSOR = "tickets";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MongoDatabase database;
    private Checkpoints checkpoints;

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        checkpoints = new Checkpoints(database);
    }

    @Test
    void a_segment_without_a_token_has_no_checkpoint() {
        assertThat(checkpoints.read(PROCESSOR, 0)).isEmpty();
    }

    @Test
    void another_node_reads_the_owners_checkpoint_without_taking_its_claim() {
        LedgerTokenStore owner = node("owner");
        owner.initializeTokenSegments(PROCESSOR, 1);
        owner.fetchToken(PROCESSOR, 0);
        owner.storeToken(new GlobalSequenceTrackingToken(41), PROCESSOR, 0);

        assertThat(checkpoints.read(PROCESSOR, 0)).hasValue(42);
        assertThatThrownBy(() -> node("other").fetchToken(PROCESSOR, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    /**
     * An earlier version kept checkpoints in a collection of their own and its token entries have none. Read
     * as no checkpoint (position 0: nothing is taken as processed that was not) until a node claims the
     * segment, which the processor that runs it does as it starts.
     */
    @Test
    void a_token_an_earlier_version_wrote_has_its_checkpoint_from_its_next_claim() {
        LedgerTokenStore earlier = node("earlier");
        earlier.initializeTokenSegments(PROCESSOR, 1);
        earlier.fetchToken(PROCESSOR, 0);
        earlier.storeToken(new GlobalSequenceTrackingToken(9), PROCESSOR, 0);
        earlier.releaseClaim(PROCESSOR, 0);
        database.getCollection(LedgerSchema.TOKENS).updateOne(Filters.eq(LedgerSchema.ID, PROCESSOR + "#0"),
                Updates.unset(LedgerTokenStore.PROCESSED_BEFORE));
        database.getCollection("projection_checkpoints")
                .insertOne(new Document("_id", PROCESSOR + "#0").append("processedBefore", 10L));

        assertThat(checkpoints.read(PROCESSOR, 0)).isEmpty();

        assertThat(node("upgraded").fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(9));
        assertThat(checkpoints.read(PROCESSOR, 0)).hasValue(10);
    }

    private LedgerTokenStore node(String nodeId) {
        return new LedgerTokenStore(database, LedgerSerializers.messages(), nodeId, Duration.ofSeconds(10), clock);
    }
}
