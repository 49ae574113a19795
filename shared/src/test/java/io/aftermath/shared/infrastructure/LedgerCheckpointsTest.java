package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.infrastructure.LedgerCheckpoints.TakenCheckpoint;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.node.StartRefusedException;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Checkpoints on any store: here the memory backend, where backups can publish none. */
class LedgerCheckpointsTest {

    @TempDir
    Path directory;

    private MongoDatabase database;
    private MongoLedgerStorageEngine engine;
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        database = EmbeddedMongo.freshDatabase();
        engine = MongoLedgerStorageEngine.builder().database(database).eventSerializer(LedgerSerializers.messages())
                .snapshotSerializer(LedgerSerializers.snapshots()).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void a_checkpoint_of_an_intact_log_is_kept_as_a_record_the_owner_alone_reads() throws Exception {
        engine.appendEvents(event("a", 0), event("a", 1));
        engine.appendEvents(event("b", 0));
        LedgerCheckpoints checkpoints = checkpoints(0);

        TakenCheckpoint taken = checkpoints.take();

        assertThat(taken.intact()).isTrue();
        assertThat(taken.head()).isEqualTo(3);
        assertThat(taken.checkpoint()).isEqualTo(new LedgerVerifier(database).verifyBefore(3).checkpoint().orElseThrow());
        assertThat(taken.firstBrokenLink()).isNull();
        Path record = single(records());
        assertThat(record.getFileName().toString()).matches("checkpoint-\\d{8}T\\d{9}Z\\.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record))).isEqualTo("rw-------");
        assertThat(Files.readString(record)).contains("\"digest\" : \"" + taken.checkpoint().digest() + "\"")
                .contains("\"firstBrokenLink\" : null");
        assertThat(checkpoints.newest()).contains(taken);
        assertThat(meters.get(CheckpointMetrics.DURATION).tag("outcome", "intact").timer().count()).isOne();
        assertThat(meters.get(CheckpointMetrics.LAST_INTACT).gauge().value())
                .isEqualTo(taken.takenAt().toEpochMilli() / 1000.0);
    }

    @Test
    void a_log_that_does_not_prove_itself_gets_a_record_naming_the_broken_link_and_no_checkpoint() throws Exception {
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("a", 1));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 1L), Updates.set("events.0.hash", "0".repeat(64)));

        TakenCheckpoint taken = checkpoints(0).take();

        assertThat(taken.intact()).isFalse();
        assertThat(taken.checkpoint()).isNull();
        assertThat(taken.firstBrokenLink().position()).isEqualTo(1);
        assertThat(Files.readString(single(records()))).contains("\"intact\" : false").contains("\"checkpoint\" : null");
        assertThat(meters.get(CheckpointMetrics.DURATION).tag("outcome", "broken").timer().count()).isOne();
        assertThat(meters.get(CheckpointMetrics.LAST_INTACT).gauge().value()).isZero();
    }

    @Test
    void a_log_missing_its_last_commits_gets_no_checkpoint() throws Exception {
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("a", 1));
        LedgerCheckpoints checkpoints = checkpoints(0);
        database.getCollection(LedgerSchema.COMMITS).deleteOne(Filters.eq("_id", 1L));

        TakenCheckpoint taken = checkpoints.take();

        assertThat(taken.intact()).isFalse();
        assertThat(taken.firstBrokenLink().problem()).contains("commits were removed from its end");
    }

    @Test
    void only_the_newest_records_are_kept_and_other_files_are_left_alone() throws Exception {
        Files.writeString(directory.resolve("notes.txt"), "kept by its owner");
        LedgerCheckpoints checkpoints = checkpoints(2);
        List<TakenCheckpoint> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            engine.appendEvents(event("a", i));
            taken.add(checkpoints.take());
        }

        assertThat(records()).hasSize(2);
        assertThat(checkpoints.newest()).contains(taken.get(3));
        assertThat(directory.resolve("notes.txt")).exists();
    }

    /** Tester 37: with keep 3, three checkpoints of a broken log left no record of what the log had been. */
    @Test
    void the_newest_intact_record_outlives_keep_once_the_log_breaks() throws Exception {
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("a", 1));
        LedgerCheckpoints checkpoints = checkpoints(2);
        TakenCheckpoint intact = checkpoints.take();
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 1L), Updates.set("events.0.hash", "0".repeat(64)));
        for (int i = 0; i < 3; i++) {
            assertThat(checkpoints.take().intact()).isFalse();
        }

        List<Path> kept = records();
        assertThat(kept).hasSize(3);
        assertThat(Files.readString(kept.get(0))).contains(intact.checkpoint().digest());
    }

    /** Tester 37: a file of another name sorted as the newest, an unreadable one hid every record. */
    @Test
    void the_newest_is_the_newest_readable_record_of_the_names_the_node_writes() throws Exception {
        engine.appendEvents(event("a", 0));
        LedgerCheckpoints checkpoints = checkpoints(1);
        TakenCheckpoint taken = checkpoints.take();
        Files.writeString(directory.resolve("checkpoint-original.json"), "{}");
        Files.writeString(directory.resolve("checkpoint-20991231T000000000Z.json"), "not json");

        assertThat(checkpoints.newest()).contains(taken);
        assertThat(directory.resolve("checkpoint-original.json")).exists();
    }

    /**
     * Tester 37: a node that had not read the head past a missing commit took the log to end there,
     * and kept an intact checkpoint of the log before it.
     */
    @Test
    void a_commit_missing_where_the_head_stops_is_a_broken_link_not_the_logs_end() throws Exception {
        try (MongoLedgerStorageEngine writer = MongoLedgerStorageEngine.builder().database(database)
                .eventSerializer(LedgerSerializers.messages()).snapshotSerializer(LedgerSerializers.snapshots()).build()) {
            writer.appendEvents(event("a", 0));
            writer.appendEvents(event("b", 0));
            writer.appendEvents(event("c", 0));
        }
        var commits = database.getCollection(LedgerSchema.COMMITS);
        commits.deleteOne(Filters.eq("_id", 1L));
        commits.updateOne(Filters.eq("_id", 2L), Updates.set(LedgerSchema.COMMITTED_AT, new java.util.Date(0)));

        TakenCheckpoint taken = checkpoints(0).take();

        assertThat(taken.intact()).isFalse();
        assertThat(taken.checkpoint()).isNull();
        assertThat(taken.firstBrokenLink().problem()).isEqualTo("no commit at position 1 but one at 2");
    }

    /** Tester 39: a commit changed out of the ledger's shape made the checkpoint a 500, counted as an error. */
    @Test
    void a_commit_out_of_the_ledgers_shape_is_a_broken_link() throws Exception {
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("b", 0));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 1L), Updates.set(LedgerSchema.COMMITTED_AT, "yesterday"));

        TakenCheckpoint taken = checkpoints(0).take();

        assertThat(taken.intact()).isFalse();
        assertThat(taken.firstBrokenLink().problem()).contains("is not stored as the ledger writes it");
        assertThat(meters.get(CheckpointMetrics.DURATION).tag("outcome", "broken").timer().count()).isOne();
    }

    /** Tester 39: counted as an error, and so never paged, when its record could not be kept. */
    @Test
    void a_broken_log_is_counted_broken_also_when_its_record_cannot_be_kept() throws Exception {
        engine.appendEvents(event("a", 0));
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 0L), Updates.set("events.0.hash", "0".repeat(64)));
        Path file = Files.writeString(directory.resolve("taken"), "not a directory");
        LedgerCheckpoints checkpoints = checkpoints(file, 0, meters);

        assertThatThrownBy(checkpoints::take).isInstanceOf(DomainRejection.class)
                .hasMessageContaining("\"intact\":false");
        assertThat(meters.get(CheckpointMetrics.DURATION).tag("outcome", "broken").timer().count()).isOne();
        assertThat(failed()).isZero();
    }

    /** Tester 39: a stray file of a record's name, dated later, pushed a real record out. */
    @Test
    void a_stray_file_of_a_records_name_takes_no_records_place() throws Exception {
        engine.appendEvents(event("a", 0));
        Files.writeString(directory.resolve("checkpoint-20991231T000000000Z.json"), "not json");
        LedgerCheckpoints checkpoints = checkpoints(2);
        TakenCheckpoint first = checkpoints.take();
        checkpoints.take();

        assertThat(records()).hasSize(3);
        assertThat(Files.readString(records().get(0))).contains("\"takenAt\" : \"" + first.takenAt() + "\"");
    }

    @Test
    void a_node_started_again_finds_its_newest_checkpoint() throws Exception {
        engine.appendEvents(event("a", 0));
        TakenCheckpoint taken = checkpoints(0).take();
        MeterRegistry restarted = new SimpleMeterRegistry();

        LedgerCheckpoints again = checkpoints(directory, 0, restarted);

        assertThat(again.newest()).contains(taken);
        assertThat(restarted.get(CheckpointMetrics.LAST_INTACT).gauge().value())
                .isEqualTo(taken.takenAt().toEpochMilli() / 1000.0);
    }

    /** Tester 39: the gauge read 0 after a restart when the newest record was a broken one. */
    @Test
    void a_node_started_again_reads_its_newest_intact_checkpoint_past_broken_ones() throws Exception {
        engine.appendEvents(event("a", 0));
        engine.appendEvents(event("a", 1));
        TakenCheckpoint intact = checkpoints(0).take();
        database.getCollection(LedgerSchema.COMMITS)
                .updateOne(Filters.eq("_id", 1L), Updates.set("events.0.hash", "0".repeat(64)));
        MeterRegistry second = new SimpleMeterRegistry();
        checkpoints(directory, 0, second).take();
        MeterRegistry restarted = new SimpleMeterRegistry();

        checkpoints(directory, 0, restarted);

        assertThat(restarted.get(CheckpointMetrics.LAST_INTACT).gauge().value())
                .isEqualTo(intact.takenAt().toEpochMilli() / 1000.0);
    }

    /** At an interval the setting refuses (under a minute), so that the test sees several. */
    @Test
    void checkpoints_are_taken_on_schedule_and_a_failed_one_does_not_stop_it() throws Exception {
        engine.appendEvents(event("a", 0));
        Set<Path> seen = new HashSet<>();
        directory = directory.resolve("kept");
        try (ScheduledCheckpoints scheduled = ScheduledCheckpoints.start(checkpoints(2), Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                seen.addAll(records());
                return seen.size() >= 2;
            });
            // A file where the directory was: no record can be written (file modes would not stop root).
            moveAside(directory);
            int failedBefore = failed();
            await().atMost(Duration.ofSeconds(20)).until(() -> failed() >= failedBefore + 2);
            Files.delete(directory);
            int keptBefore = seen.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                seen.addAll(records());
                return seen.size() > keptBefore;
            });
        }
    }

    /** Tester 37: 500 INTERNAL, and what the check found was lost with the record. */
    @Test
    void a_checkpoint_whose_record_cannot_be_written_is_refused_saying_what_it_found() throws Exception {
        engine.appendEvents(event("a", 0));
        Path file = Files.writeString(directory.resolve("taken"), "not a directory");
        LedgerCheckpoints checkpoints = checkpoints(file, 0, meters);
        String digest = new LedgerVerifier(database).verifyBefore(1).checkpoint().orElseThrow().digest();

        assertThatThrownBy(checkpoints::take).isInstanceOf(DomainRejection.class)
                .satisfies(refused -> assertThat(((DomainRejection) refused).code()).isEqualTo(ErrorCode.CHECKPOINT_NOT_KEPT))
                .hasMessageContaining("could not be written to " + file).hasMessageContaining(digest);
        assertThat(failed()).isOne();
    }

    @Test
    void a_schedule_whose_directory_cannot_be_made_refuses_the_start() throws Exception {
        Path file = directory.resolve("taken");
        Files.writeString(file, "not a directory");
        LedgerCheckpoints checkpoints = checkpoints(file.resolve("checkpoints"), 0, meters);

        assertThatThrownBy(() -> ScheduledCheckpoints.start(checkpoints, Duration.ofMinutes(1)))
                .isInstanceOf(StartRefusedException.class).hasMessageContaining("aftermath.checkpoint.dir=");
    }

    private static void moveAside(Path directory) throws IOException {
        Files.move(directory, directory.resolveSibling("aside"));
        Files.writeString(directory, "not a directory");
    }

    private int failed() {
        return (int) meters.get(CheckpointMetrics.DURATION).tag("outcome", "error").timer().count();
    }

    private LedgerCheckpoints checkpoints(int keep) {
        return checkpoints(directory, keep, meters);
    }

    /** A node's checkpoints as the configuration makes them, counted in {@code registry}. */
    private LedgerCheckpoints checkpoints(Path kept, int keep, MeterRegistry registry) {
        return new LedgerCheckpoints(engine, new LedgerVerifier(database), kept, keep, new CheckpointMetrics(registry),
                Clock.systemUTC());
    }

    private List<Path> records() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("checkpoint-")).sorted().toList();
        }
    }

    private static Path single(List<Path> paths) {
        assertThat(paths).hasSize(1);
        return paths.get(0);
    }

    private static DomainEventMessage<?> event(String stream, long sequence) {
        return new GenericDomainEventMessage<>("Ticket", stream, sequence, "event " + sequence + " of " + stream);
    }
}
