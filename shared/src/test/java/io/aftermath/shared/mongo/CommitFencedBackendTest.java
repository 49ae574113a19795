package io.aftermath.shared.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.ZipInputStream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.h2.mvstore.MVStore;
import org.h2.store.fs.Recorder;
import org.h2.store.fs.rec.FilePathRec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import io.aftermath.shared.mongo.h2.TypedH2Backend;

/** The fenced H2 backend and its insert journal, crashed by closing the store without committing it. */
class CommitFencedBackendTest {

    private static final String JOURNALED = "things";

    @TempDir
    Path dir;

    @Test
    void inserts_since_the_last_commit_are_replayed_after_a_crash_and_other_writes_are_not() {
        runThenCrash(things -> {
            things.insertOne(new Document("_id", 1).append("v", "a"));
            things.insertMany(List.of(new Document("_id", 2), new Document("_id", 3)));
            things.updateOne(Filters.eq("_id", 1), Updates.set("v", "changed"));
        });

        runThenCrash(things -> {
            assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1, 2, 3);
            assertThat(things.find(Filters.eq("_id", 1)).first().get("v")).isEqualTo("a");
        });
    }

    /**
     * A read model updates one document and inserts another for the same event; after a crash it must
     * find both or neither. With the inserts journaled and the update not, release health counted a
     * ticket's facts as applied while its totals had lost the ticket.
     */
    @Test
    void after_a_crash_other_collections_are_as_at_the_last_commit_never_inserts_without_their_updates() {
        runIn(true, false, (backend, database) -> {
            MongoCollection<Document> totals = database.getCollection("totals");
            MongoCollection<Document> facts = database.getCollection("facts");
            totals.insertOne(new Document("_id", "release").append("tickets", 1));
            facts.insertOne(new Document("_id", "ticket-1"));
            backend.commit();
            totals.updateOne(Filters.eq("_id", "release"), Updates.inc("tickets", 1));
            facts.insertOne(new Document("_id", "ticket-2"));
        });

        runIn(true, false, (backend, database) -> {
            assertThat(database.getCollection("totals").find().first().get("tickets")).isEqualTo(1);
            assertThat(database.getCollection("facts").find().map(d -> d.get("_id"))).containsExactly("ticket-1");
        });
    }

    @Test
    void refused_inserts_are_not_journaled() {
        runThenCrash(things -> {
            things.insertOne(new Document("_id", 1).append("v", "first"));
            assertThatThrownBy(() -> things.insertOne(new Document("_id", 1).append("v", "second")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> things.insertMany(List.of(new Document("_id", 2), new Document("_id", 1),
                    new Document("_id", 3)))).isInstanceOf(MongoBulkWriteException.class);
        });

        runThenCrash(things -> {
            assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1, 2);
            assertThat(things.find(Filters.eq("_id", 1)).first().get("v")).isEqualTo("first");
        });
    }

    @Test
    void a_record_cut_short_by_the_crash_is_dropped_and_the_ones_before_it_are_replayed() throws IOException {
        runThenCrash(things -> things.insertOne(new Document("_id", 1)));
        runThenCrash(things -> things.insertOne(new Document("_id", 2)));
        Path journal = journalFiles().get(journalFiles().size() - 1);
        Files.write(journal, new byte[] {42, 0, 0, 0, 1, 2}, StandardOpenOption.APPEND);

        runThenCrash(things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1, 2));
    }

    /**
     * An operator restoring a backup over the old store file, the journal left beside it: replaying that
     * journal added the newest of the later inserts to the backup (an exploratory run: the backup, then
     * 31 void positions, then 9 later events), and the audit found the log intact.
     */
    @Test
    void a_journal_left_from_a_later_state_of_the_store_is_refused_not_replayed() throws IOException {
        run(false, things -> things.insertOne(new Document("_id", 1)));
        Path backup = Files.copy(dir.resolve("store.mv.db"), dir.resolve("backup.mv.db.bak"));
        run(true, false, (backend, things) -> {
            things.insertOne(new Document("_id", 2));
            backend.commit();
            things.insertOne(new Document("_id", 3));
            backend.commit();
            things.insertOne(new Document("_id", 4));
        });
        Files.move(backup, dir.resolve("store.mv.db"), StandardCopyOption.REPLACE_EXISTING);

        MVStore restored = CommitFencedBackend.openStore(dir.resolve("store.mv.db"), 16);
        try {
            assertThatThrownBy(() -> new CommitFencedBackend(TypedH2Backend.open(restored), dir, false,
                    Set.of(JOURNALED)))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessageContaining("does not continue the store file");
        } finally {
            restored.closeImmediately();
        }

        journalFiles().forEach(file -> file.toFile().delete());
        run(false, things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    /**
     * Tester 154: a journal deleted after a crash lost the last second's acknowledged commits without a word, the
     * hash chain still intact. An empty file in its place is the operator saying so, and opens the store without them.
     */
    @Test
    void a_store_that_crashed_is_refused_without_its_journal_and_opens_with_an_empty_one_in_its_place()
            throws IOException {
        run(true, false, (backend, things) -> {
            things.insertOne(new Document("_id", 1));
            backend.commit();
            things.insertOne(new Document("_id", 2));
        });
        Path journal = journalFiles().get(journalFiles().size() - 1);
        journalFiles().forEach(file -> file.toFile().delete());

        MVStore crashed = CommitFencedBackend.openStore(dir.resolve("store.mv.db"), 16);
        try {
            assertThatThrownBy(() -> new CommitFencedBackend(TypedH2Backend.open(crashed), dir, false,
                    Set.of(JOURNALED)))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessageContaining("was not closed cleanly and its journal " + journal.getFileName()
                            + " is missing")
                    .hasMessageEndingWith("or create that file empty to open the store without them (nothing will "
                            + "say they are lost: the log's hash chains end where the store file does)");
        } finally {
            crashed.closeImmediately();
        }

        Files.createFile(journal);
        runThenCrash(things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    /**
     * Tester 160: a backup unzipped over the store file, the later journal beside it, was refused for the journal
     * file it lacked; created empty, as the missing-journal refusal advises, it let the later journal be replayed
     * past the gap, and the backup took the last second's commits of a later state, the audit finding it intact.
     */
    @Test
    void a_journal_with_a_gap_after_the_generation_the_store_needs_is_refused_not_replayed() throws IOException {
        run(true, false, (backend, things) -> {
            things.insertOne(new Document("_id", 1));
            backend.commit();
            things.insertOne(new Document("_id", 2));
        });
        List<Path> journals = journalFiles();
        Path needed = journals.get(0);
        String name = needed.getFileName().toString();
        long generation = Long.parseLong(name.substring("aftermath-journal-".length(), name.length() - ".log".length()));
        Files.move(needed, dir.resolve("aftermath-journal-" + (generation + 2) + ".log"));
        Files.createFile(needed);

        assertRefused("does not continue the store file: the store needs aftermath-journal-" + (generation + 1)
                + ".log after " + name + ", and the journal goes on with aftermath-journal-" + (generation + 2) + ".log");
        // Tester 161: each file that refusal names created empty in turn, the later journal was replayed again.
        Files.createFile(dir.resolve("aftermath-journal-" + (generation + 1) + ".log"));
        assertRefused("does not continue the store file: " + name + " is empty, yet aftermath-journal-"
                + (generation + 2) + ".log after it holds inserts");
    }

    /**
     * Tester 161: a journal left by a version that did not name its store was replayed onto another store's backup.
     * A store that has an id heads every file it writes, so such a file is another's; one without an id (last
     * committed by such a version) still replays it, as an upgrade after a crash must.
     */
    @Test
    void a_journal_without_its_store_named_is_replayed_only_into_a_store_without_an_id() throws IOException {
        runThenCrash(things -> things.insertOne(new Document("_id", 1)));
        Path journal = journalFiles().get(journalFiles().size() - 1);
        Files.write(journal, unnamedRecord(new Document("db", "db").append("collection", JOURNALED)
                .append("documents", List.of(new Document("_id", 2)))));

        assertRefused("the journal " + journal + " belongs to another store file than the one beside it");

        MVStore store = CommitFencedBackend.openStore(dir.resolve("store.mv.db"), 16);
        store.openMap("aftermath.journal").remove("store-id");
        store.commit();
        store.close();
        runThenCrash(things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(2));
    }

    /**
     * Tester 160: a backup of another data directory unzipped over the store file replayed that directory's
     * journal, whose generation numbers happened to match, into the backup.
     */
    @Test
    void a_journal_another_store_wrote_is_refused_not_replayed() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        runThenCrash(things -> things.insertOne(new Document("_id", 1)));
        List<Path> ours = journalFiles();
        for (Path journal : ours) {
            Files.move(journal, other.resolve(journal.getFileName()));
        }
        Files.delete(dir.resolve("store.mv.db"));
        runThenCrash(things -> things.insertOne(new Document("_id", 2)));
        for (Path journal : journalFiles()) {
            Files.delete(journal);
        }
        for (Path journal : ours) {
            Files.move(other.resolve(journal.getFileName()), dir.resolve(journal.getFileName()));
        }

        assertRefused("belongs to another store file than the one beside it");
    }

    private void assertRefused(String message) {
        MVStore store = CommitFencedBackend.openStore(dir.resolve("store.mv.db"), 16);
        try {
            assertThatThrownBy(() -> new CommitFencedBackend(TypedH2Backend.open(store), dir, false,
                    Set.of(JOURNALED)))
                    .isInstanceOf(DataDirectoryException.class)
                    .hasMessageContaining(message);
        } finally {
            store.closeImmediately();
        }
    }

    @Test
    void a_store_closed_cleanly_opens_without_its_journal() {
        run(false, things -> things.insertOne(new Document("_id", 1)));
        journalFiles().forEach(file -> file.toFile().delete());

        run(false, things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    /** A backup is the store file alone: restored into an empty directory, it has no journal and needs none. */
    @Test
    void a_backup_taken_while_the_store_is_open_opens_without_a_journal() throws IOException {
        Path zip = dir.resolve("backup.zip");
        run(true, false, (backend, things) -> {
            things.insertOne(new Document("_id", 1));
            try (OutputStream out = Files.newOutputStream(zip)) {
                backend.backup(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            things.insertOne(new Document("_id", 2));
        });
        journalFiles().forEach(file -> file.toFile().delete());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            Files.copy(in, dir.resolve(in.getNextEntry().getName()), StandardCopyOption.REPLACE_EXISTING);
        }

        run(false, things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    @Test
    void a_commit_takes_the_journal_in_and_deletes_it() {
        run(false, things -> things.insertOne(new Document("_id", 1)));

        assertThat(journalFiles()).allSatisfy(file -> assertThat(file).isEmptyFile());
        run(false, things -> assertThat(things.countDocuments()).isEqualTo(1));
    }

    @Test
    void a_journal_that_cannot_be_written_fails_the_insert_and_every_acknowledgement_after_it() {
        run(true, false, (backend, things) -> {
            things.insertOne(new Document("_id", 1));
            backend.makeDurable();
            backend.journal().close();

            assertThatThrownBy(() -> things.insertOne(new Document("_id", 2))).isInstanceOf(MongoException.class);
            assertThat(backend.journalFailure()).isPresent();
            assertThatThrownBy(backend::makeDurable).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not durable");
        });
    }

    @Test
    void with_fsync_acknowledged_inserts_are_forced_and_survive_commits_and_a_crash() {
        run(true, true, (backend, things) -> {
            things.insertOne(new Document("_id", 1));
            backend.makeDurable();
            backend.commit();
            things.insertOne(new Document("_id", 2));
            backend.makeDurable();
        });

        runThenCrash(things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1, 2));
    }

    /**
     * A commit taken inside a write could persist a document without its index entries; only the
     * fence may commit. Forty megabytes unsaved is twice the most MVStore buffers before a write
     * commits the store itself, were it allowed to.
     */
    @Test
    void writes_never_commit_the_store_however_much_is_unsaved() {
        run(true, false, (backend, things) -> {
            MVStore store = backend.delegate().getMvStore();
            long committed = store.getCurrentVersion();
            String kilobytes = "x".repeat(4 * 1024);
            for (int batch = 0; batch < 10; batch++) {
                int first = batch * 1_000;
                things.insertMany(Stream.iterate(first, id -> id + 1).limit(1_000)
                        .map(id -> new Document("_id", id).append("v", kilobytes)).toList());
            }
            assertThat(store.getCurrentVersion()).isEqualTo(committed);
            backend.commit();
            assertThat(store.getCurrentVersion()).isEqualTo(committed + 1);
        });
    }

    /**
     * Writes wait for a commit only while it fixes its version, not while it writes it: under four
     * rebuilds, writing took 70-340 ms every second, and every write of the node waited behind it.
     * Here the commit's file writes are held until the test lets them go.
     */
    @Test
    void writes_go_on_while_a_commit_writes_the_file() {
        FileWrites writes = new FileWrites();
        crashOnRecordedFile(writes, (backend, database) -> {
            MongoCollection<Document> facts = database.getCollection("facts");
            facts.insertOne(new Document("_id", "before the commit"));

            writes.hold();
            CompletableFuture<Void> commit = CompletableFuture.runAsync(backend::commit);
            assertThat(writes.reached(Duration.ofSeconds(10))).as("the commit writes the file").isTrue();
            assertThat(CompletableFuture.runAsync(() -> facts.insertOne(new Document("_id", "during the commit"))))
                    .succeedsWithin(Duration.ofSeconds(10));
            assertThat(commit).isNotDone();

            writes.release();
            assertThat(commit).succeedsWithin(Duration.ofSeconds(10));
        });

        runIn(true, false, (backend, database) -> assertThat(database.getCollection("facts").find()
                .map(d -> d.get("_id"))).containsExactly("before the commit"));
    }

    /** The file is written on MVStore's own thread; its failure must still fail the commit and keep the journal. */
    @Test
    void a_commit_the_file_refuses_fails_and_keeps_the_journal() {
        FileWrites writes = new FileWrites();
        crashOnRecordedFile(writes, (backend, database) -> {
            database.getCollection(JOURNALED).insertOne(new Document("_id", 1));

            writes.fail();
            assertThatThrownBy(backend::commit).hasMessageContaining("No space left on device");
        });

        assertThat(journalFiles()).anySatisfy(file -> assertThat(file).isNotEmptyFile());
        run(false, things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    /**
     * On a full disk, once H2 closed the store after a failed write, each command failed with H2's "This store is
     * closed", which the server logged with its stack and the node answered "retry later". Now each write is
     * refused with why, in a code the node knows; the driver's hello and ping still answer, so the server stays
     * in sight.
     */
    @Test
    void a_store_closed_by_a_failed_write_refuses_every_write_with_the_first_failure() {
        FileWrites writes = new FileWrites();
        crashOnRecordedFile(writes, (backend, database) -> {
            MongoCollection<Document> things = database.getCollection(JOURNALED);
            things.insertOne(new Document("_id", 1));
            writes.fail();
            assertThatThrownBy(backend::commit).hasMessageContaining("No space left on device");

            assertThat(backend.stopped()).hasValueSatisfying(why -> assertThat(why)
                    .contains("closed itself", "No space left on device"));
            // Reads may still be answered from H2's cache; writes never are, since nothing reaches the file.
            List<ThrowingCallable> commands = List.of(() -> things.insertOne(new Document("_id", 2)),
                    () -> things.deleteOne(Filters.eq("_id", 1)),
                    () -> database.getCollection("facts").updateOne(Filters.eq("_id", 1), Updates.set("n", 1)));
            for (ThrowingCallable command : commands) {
                assertThatThrownBy(command).isInstanceOfSatisfying(MongoCommandException.class, refused -> {
                    assertThat(refused.getErrorCode()).isEqualTo(StoreErrors.EMBEDDED_STORE_STOPPED);
                    assertThat(StoreErrors.embeddedStoreStopped(refused)).hasValueSatisfying(why -> assertThat(why)
                            .contains("No space left on device"));
                });
            }
            assertThat(database.runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
        });

        // The refused insert was not journaled as stored.
        run(false, things -> assertThat(things.find().map(d -> d.get("_id"))).containsExactly(1));
    }

    /** Every write to a {@code rec:} file, held once asked to until released, or failed once asked to. */
    private static final class FileWrites implements Recorder {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean holding;
        private volatile boolean failing;

        void hold() {
            holding = true;
        }

        void fail() {
            failing = true;
        }

        boolean reached(Duration within) {
            try {
                return reached.await(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void release() {
            released.countDown();
        }

        @Override
        public void log(int op, String fileName, byte[] data, long position) {
            if (op != WRITE) {
                return;
            }
            if (failing) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            if (holding) {
                reached.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * As {@link #runIn} with a crash, the store's file written through H2's recording file system; held writes
     * are let go before the crash, which would otherwise wait for them.
     */
    private void crashOnRecordedFile(FileWrites writes, BiConsumer<CommitFencedBackend, MongoDatabase> work) {
        FilePathRec.register();
        FilePathRec.setRecorder(writes);
        runIn("rec:" + dir.resolve("store.mv.db"), true, false, (backend, database) -> {
            try {
                work.accept(backend, database);
            } finally {
                writes.release();
            }
        });
    }

    private void runThenCrash(Consumer<MongoCollection<Document>> work) {
        run(true, work);
    }

    private void run(boolean crash, Consumer<MongoCollection<Document>> work) {
        run(crash, false, (backend, things) -> work.accept(things));
    }

    private void run(boolean crash, boolean fsync, BiConsumer<CommitFencedBackend, MongoCollection<Document>> work) {
        runIn(crash, fsync, (backend, database) -> work.accept(backend, database.getCollection(JOURNALED)));
    }

    /** Only {@value #JOURNALED} is journaled, as only the ledger's commits are on the embedded server. */
    private void runIn(boolean crash, boolean fsync, BiConsumer<CommitFencedBackend, MongoDatabase> work) {
        runIn(dir.resolve("store.mv.db").toString(), crash, fsync, work);
    }

    private void runIn(String storeFile, boolean crash, boolean fsync, BiConsumer<CommitFencedBackend, MongoDatabase> work) {
        MVStore store = CommitFencedBackend.openStore(storeFile, 16);
        CommitFencedBackend backend = new CommitFencedBackend(TypedH2Backend.open(store), dir, fsync,
                Set.of(JOURNALED));
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            work.accept(backend, client.getDatabase("db"));
        } finally {
            server.shutdownNow();
            if (crash) {
                store.closeImmediately();
            } else {
                backend.closeStore(0);
            }
        }
    }

    private List<Path> journalFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("aftermath-journal-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A journal record as versions before store ids wrote the first of a file: no record naming the store before it. */
    private static byte[] unnamedRecord(Document body) {
        org.bson.ByteBuf encoded = new RawBsonDocument(body, new DocumentCodec()).getByteBuffer();
        byte[] bson = new byte[encoded.remaining()];
        encoded.get(bson);
        CRC32C crc = new CRC32C();
        crc.update(bson);
        ByteBuffer record = ByteBuffer.allocate(8 + bson.length).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(bson.length).putInt((int) crc.getValue()).put(bson);
        return record.array();
    }
}
