package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class LedgerVerifierTest {

    private MongoDatabase database;
    private MongoLedgerStorageEngine engine;
    private LedgerVerifier verifier;

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        engine = LedgerTestSupport.engine(database);
        verifier = new LedgerVerifier(database);
        engine.appendEvents(events("a", 0, 2));
        engine.appendEvents(events("b", 0, 3));
        engine.appendEvents(events("a", 2, 1));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /**
     * Tester 37: a commit written back with a 32-bit {@code _id} made every read of the log fail (500 on
     * verify, replay and export, a processor failing every 100 ms), the checkpoint counted an error.
     */
    @Test
    void a_commit_written_back_in_another_shape_is_read_if_it_says_the_same_and_reported_if_not() {
        MongoCollection<Document> commits = database.getCollection(LedgerSchema.COMMITS);
        Document second = commits.find(Filters.eq("_id", 2L)).first();
        commits.deleteOne(Filters.eq("_id", 2L));
        second.put("_id", 2);
        commits.insertOne(second);

        assertThat(verifier.verifyAll().intact()).as("the same number, as a shell writes it").isTrue();
        assertThat(engine.storedEvents(0).count()).isEqualTo(6);

        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));
        VerificationReport report = verifier.verifyAll();
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenLink().orElseThrow().position()).as("tester 39: it named 0").isEqualTo(2);
        assertThat(report.firstBrokenLink().orElseThrow().problem())
                .isEqualTo("a commit from position 2 on is not stored as the ledger writes it: "
                        + "A commit document's committedAt is a STRING, not a date");
        assertThat(verifier.verifyBefore(2).intact()).as("the log before it").isTrue();
        assertThat(verifier.verifyBefore(2).eventsChecked()).isEqualTo(2);
    }

    /** Tester 40: the release's check threw (500 STORE_MALFORMED), where the whole log's named the commit. */
    @Test
    void a_stream_holding_a_commit_out_of_shape_names_it() {
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 5L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));

        VerificationReport report = verifier.verifyStreams(List.of("b", "a"));

        assertThat(report.intact()).isFalse();
        BrokenLink broken = report.firstBrokenLink().orElseThrow();
        assertThat(broken.position()).isEqualTo(5);
        assertThat(broken.aggregateId()).isEqualTo("a");
        assertThat(broken.sequence()).isEqualTo(2);
        assertThat(broken.problem()).startsWith("the commit at position 5 holding event 2 of a is not stored as the ledger writes it: ");
        assertThat(verifier.verifyStreams(List.of("b")).intact()).as("another stream").isTrue();
    }

    @Test
    void an_untouched_log_verifies() {
        VerificationReport report = verifier.verifyAll();

        assertThat(report.intact()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(6);
        assertThat(report.commitsChecked()).isEqualTo(3);
        assertThat(verifier.verifyStreams(List.of("a", "b")).intact()).isTrue();
    }

    /** Before, a commit holding events of two of the streams was counted twice: more commits than the whole log. */
    @Test
    void a_commit_of_two_streams_counts_once_among_the_streams_as_in_the_whole_log() {
        engine.appendEvents(List.of(LedgerTestSupport.event("c", 0), LedgerTestSupport.event("d", 0)));

        VerificationReport streams = verifier.verifyStreams(List.of("c", "d"));

        assertThat(streams.commitsChecked()).isEqualTo(1);
        assertThat(streams.eventsChecked()).isEqualTo(2);
        assertThat(verifier.verifyAll().commitsChecked()).isEqualTo(4);
    }

    /** Regression: a reporter's "\ud800" was stored as U+FFFD but hashed as its own bytes, so the log failed to verify. */
    @Test
    void half_a_surrogate_pair_is_stored_as_it_is_read_back_and_still_verifies() {
        engine.appendEvents(new GenericDomainEventMessage<>(LedgerTestSupport.TYPE, "c", 0,
                new Noted("lone \ud800 high, lone \udfff low, paired \ud83d\ude00", 1), MetaData.emptyInstance()));

        assertThat(verifier.verifyAll().intact()).isTrue();
        assertThat(engine.readEvents("c").next().getPayload())
                .isEqualTo(new Noted("lone \ufffd high, lone \ufffd low, paired \ud83d\ude00", 1));
    }

    @Test
    void a_payload_changed_through_the_driver_is_reported_at_that_event() {
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 2L), Updates.set("events.1.payload.text", "nothing happened"));

        VerificationReport report = verifier.verifyAll();

        assertThat(report.intact()).isFalse();
        BrokenLink broken = report.firstBrokenLink().orElseThrow();
        assertThat(broken.position()).isEqualTo(3);
        assertThat(broken.aggregateId()).isEqualTo("b");
        assertThat(broken.sequence()).isEqualTo(1);
        assertThat(broken.problem()).contains("content does not match its hash");
        assertThat(verifier.verifyStreams(List.of("b")).firstBrokenLink()).contains(broken);
        assertThat(verifier.verifyStreams(List.of("a")).intact()).isTrue();
    }

    @Test
    void the_checkpoint_folds_every_event_hash_in_position_order_as_anyone_can_recompute_it() throws Exception {
        List<String> hashes = new ArrayList<>();
        database.getCollection(LedgerSchema.COMMITS, BsonDocument.class).find().sort(Sorts.ascending("_id"))
                .forEach(commit -> commit.getArray("events")
                        .forEach(event -> hashes.add(event.asDocument().getString("hash").getValue())));

        assertThat(verifier.verifyAll().checkpoint()).contains(new Checkpoint(6, digestOf(hashes)));
        assertThat(verifier.verifyBefore(4).checkpoint()).contains(new Checkpoint(4, digestOf(hashes.subList(0, 4))));
        // Position 3 lies inside the second commit: the commit is checked whole, the digest stops at 3.
        assertThat(verifier.verifyBefore(3).checkpoint()).contains(new Checkpoint(3, digestOf(hashes.subList(0, 3))));
        assertThat(verifier.verifyBefore(0).checkpoint()).contains(new Checkpoint(0, EventHasher.GENESIS));
        assertThat(verifier.verifyBefore(99).checkpoint()).as("the log ends at 6")
                .contains(new Checkpoint(6, digestOf(hashes)));
    }

    /** Tester 26: the chains are unkeyed, so a forger who rewrites every later hash too leaves them agreeing. */
    @Test
    void a_rewrite_with_every_hash_recomputed_passes_the_chains_but_not_a_checkpoint_kept_elsewhere() {
        Checkpoint kept = verifier.verifyAll().checkpoint().orElseThrow();
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument commit = commits.find(Filters.eq("_id", 5L)).first();
        BsonDocument last = commit.getArray("events").get(0).asDocument();
        last.getDocument("payload").put("text", new BsonString("forged"));
        commits.updateOne(Filters.eq("_id", 5L), Updates.combine(Updates.set("events.0.payload.text", "forged"),
                Updates.set("events.0.hash", EventHasher.hash(last))));

        VerificationReport rewritten = verifier.verifyAll();

        assertThat(rewritten.intact()).isTrue();
        assertThat(rewritten.checkpoint().orElseThrow().position()).isEqualTo(kept.position());
        assertThat(rewritten.checkpoint().orElseThrow().digest()).isNotEqualTo(kept.digest());
    }

    private static String digestOf(List<String> hashes) throws Exception {
        String digest = "0".repeat(64);
        for (String hash : hashes) {
            byte[] folded = MessageDigest.getInstance("SHA-256").digest((digest + hash).getBytes(StandardCharsets.UTF_8));
            digest = HexFormat.of().formatHex(folded);
        }
        return digest;
    }

    @Test
    void a_recomputed_hash_still_breaks_the_next_link() {
        // A forger who rewrites an event and its hash still leaves the successor pointing at the old hash.
        BsonDocument first = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class)
                .find(Filters.eq("_id", 0L)).first().getArray("events").get(0).asDocument();
        first.getDocument("payload").put("text", new BsonString("forged"));
        database.getCollection(LedgerSchema.COMMITS).updateOne(Filters.eq("_id", 0L), Updates.combine(
                Updates.set("events.0.payload.text", "forged"), Updates.set("events.0.hash", EventHasher.hash(first))));

        BrokenLink broken = verifier.verifyAll().firstBrokenLink().orElseThrow();

        assertThat(broken.position()).isEqualTo(1);
        assertThat(broken.problem()).contains("previousHash");
    }

    @Test
    void a_deleted_commit_is_reported_as_a_hole() {
        database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 2L));
        // The commit beyond it was recorded more than a commit in flight takes.
        MutableClock clock = new MutableClock(
                Instant.now().plus(MongoLedgerStorageEngine.COMMIT_IN_FLIGHT).plusSeconds(1));

        VerificationReport report = new LedgerVerifier(database, clock).verifyAll();

        assertThat(report.firstBrokenLink().orElseThrow().problem()).contains("no commit at position 2");
        assertThat(report.inFlightAt()).isEmpty();
    }

    /**
     * Before, the whole-log check named any empty position a hole, so under pipelined writing it could
     * report a break that was only a commit still being written; the release-scoped one waited.
     */
    @Test
    void a_position_empty_behind_a_commit_just_written_ends_the_check_in_flight_until_it_has_settled() {
        MongoCollection<BsonDocument> commits = database.getCollection(LedgerSchema.COMMITS, BsonDocument.class);
        BsonDocument held = commits.findOneAndDelete(Filters.eq("_id", 2L));
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(commits.find(Filters.eq("_id", 5L)).first()
                .getDateTime(LedgerSchema.COMMITTED_AT).getValue()));
        LedgerVerifier verifier = new LedgerVerifier(database, clock);

        VerificationReport writing = verifier.verifyAll();

        assertThat(writing.intact()).isTrue();
        assertThat(writing.inFlightAt()).hasValue(2);
        assertThat(writing.eventsChecked()).isEqualTo(2);

        commits.insertOne(held);
        assertThat(verifier.verifyAll().inFlightAt()).as("the commit written meanwhile").isEmpty();
        assertThat(verifier.verifyAll().eventsChecked()).isEqualTo(6);

        commits.deleteOne(Filters.eq("_id", 2L));
        clock.advance(MongoLedgerStorageEngine.COMMIT_IN_FLIGHT.plusMillis(1));
        assertThat(verifier.verifyAll().firstBrokenLink().orElseThrow().problem())
                .isEqualTo("no commit at position 2 but one at 5");
    }
}
