package io.aftermath.shared.mongo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.ZipOutputStream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * The H2 backend with commits we control. One MongoDB write touches several MVStore maps (the
 * documents, then each index), and an MVStore commit taken between them would persist half a write
 * that a crash then leaves behind. So the store never commits by itself, every write command holds a
 * shared lock (the fence), and a commit takes the fence exclusively while it fixes the version it
 * persists: a commit only ever sees whole writes. Writing that version to the file (serializing,
 * compressing and saving its pages) needs no fence, and takes most of a commit's time under load.
 *
 * <p>Inserts into the journaled collections (the ledger's commits) are durable before the store
 * commits them: each is journaled ({@link InsertJournal}) under the same shared lock, and every
 * commit records in the store which journal generation it took in, so after a crash exactly the
 * inserts the store lacks are replayed. Every other write (read models, tokens, keys) becomes durable
 * with the next commit, about a second later, so after a crash each other collection is as it stood
 * at one commit. Journaling their inserts too broke that: a read model's documents inserted after its
 * last commit came back without the updates made beside them, and release health stayed short of
 * tickets after a kill -9 (a ticket's facts were there, so its report was never counted again).
 */
final class CommitFencedBackend implements MongoBackend {

    private static final Logger LOG = LoggerFactory.getLogger(CommitFencedBackend.class);
    private static final String CHECKPOINT_MAP = "aftermath.journal";
    private static final String REPLAY_FROM = "generation";
    /**
     * 1 in every version committed while the store is open, so a start finding it after a crash knows the journal
     * generation the store replays from must be there: deleted, the last second's acknowledged commits were lost
     * without a word (tester 154). 0 in the version a clean close leaves and in those a backup copies, whose copy
     * has no journal and needs none.
     */
    private static final String JOURNAL_REQUIRED = "journal-required";
    /** Drawn when the store is first opened, and written at the head of every journal file the store writes. */
    private static final String STORE_ID = "store-id";
    private static final Set<String> READ_COMMANDS = Set.of("find", "getmore", "count", "distinct", "ismaster",
            "hello", "buildinfo", "ping", "listcollections", "listindexes", "listdatabases", "dbstats", "collstats",
            "serverstatus", "whatsmyuri", "getlasterror", "killcursors", "endsessions", "connectionstatus",
            "hostinfo", "getparameter", "getcmdlineopts", "getlog", "getfreemonitoringstatus");

    private final H2Backend backend;
    private final MVMap<String, Long> checkpoint;
    private final InsertJournal journal;
    private final boolean fsync;
    private final Set<String> journaled;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    /** One commit, compaction round or close at a time; writes never take it. */
    private final ReentrantLock committing = new ReentrantLock();
    private volatile RuntimeException journalFailure;
    /** While a backup copies the file, and for the close: the versions committed need no journal. */
    private volatile boolean journalNotRequired;

    /**
     * Opens an MVStore that only commits when told to, as the fence requires. A write that finds more
     * than the auto-commit buffer unsaved commits the store itself, from inside the write, while other
     * writes are half-way (profiled at four writers: 28 % of all CPU, on the thread holding the
     * collection's lock); with no buffer, it never does. The background writer is what lets a commit
     * hand its version to a thread of its own for writing, so it runs, but with a delay (24 days) that
     * it never reaches, since {@link #commit()} runs every second: it never commits by itself.
     */
    static MVStore openStore(Path file, int cacheMegabytes) {
        return openStore(file.toString(), cacheMegabytes);
    }

    /** As {@link #openStore(Path, int)}, for a name in any of H2's file systems. */
    static MVStore openStore(String fileName, int cacheMegabytes) {
        MVStore store = new MVStore.Builder()
                .fileName(fileName)
                .cacheSize(cacheMegabytes)
                .compress()
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
        store.setAutoCommitDelay(Integer.MAX_VALUE);
        return store;
    }

    /**
     * Replays what the journal in {@code journalDirectory} holds beyond the store's last commit, and
     * commits it; from then on journals the inserts into the {@code journaled} collections.
     */
    CommitFencedBackend(H2Backend backend, Path journalDirectory, boolean fsync, Set<String> journaled) {
        this.backend = backend;
        this.fsync = fsync;
        this.journaled = Set.copyOf(journaled);
        this.checkpoint = backend.getMvStore().openMap(CHECKPOINT_MAP);
        Long storeId = checkpoint.get(STORE_ID);
        long journalOf = storeId != null ? storeId : new SecureRandom().nextLong();
        this.journal = InsertJournal.open(journalDirectory, fsync, new InsertJournal.StoreMark(
                checkpoint.getOrDefault(REPLAY_FROM, 0L), checkpoint.getOrDefault(JOURNAL_REQUIRED, 0L) == 1, storeId),
                journalOf, this::reinsert);
        checkpoint.putIfAbsent(STORE_ID, journalOf);
        commit();
    }

    /**
     * What an append waits for before it is acknowledged: its insert is journaled already, so only a
     * power-loss-safe store also forces the journal to the disk.
     */
    void makeDurable() {
        RuntimeException failure = journalFailure;
        if (failure != null) {
            throw new IllegalStateException("The embedded store's journal failed; writes are not durable", failure);
        }
        if (fsync) {
            journal.force();
        }
    }

    /**
     * Why the store stopped, if H2 closed it after a write of its file failed (a full disk): H2 never opens it
     * again in this process, so every command that needs the store fails until a restart. The first failure
     * names the cause; later ones only say the store is closed. Not set by {@link #closeStore(int)}.
     */
    Optional<String> stopped() {
        MVStoreException panic = backend.getMvStore().getPanicException();
        if (panic == null) {
            return Optional.empty();
        }
        return Optional.of("The embedded store closed itself after it failed to write its file (" + describe(panic)
                + "); nothing is stored or read until the node restarts");
    }

    /** The exception's message and, if another, its root cause's: H2 names the write, the system why it failed. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage())
                .replaceAll("sun\\.nio\\.ch\\.FileChannelImpl@\\p{XDigit}+", "the file");
        return root == failure ? message : message + ": " + root.getMessage();
    }

    /** Why inserts stopped being durable, if the journal could not be written; appends fail from then on. */
    Optional<RuntimeException> journalFailure() {
        return Optional.ofNullable(journalFailure);
    }

    /** The journal itself, for tests that make it fail the way a full disk would. */
    InsertJournal journal() {
        return journal;
    }

    /**
     * Persists every write completed before the call and moves the journal on to a new generation.
     * Writes wait only while the version is fixed, not while it is written.
     */
    void commit() {
        committing.lock();
        try {
            long replayFrom;
            lock.writeLock().lock();
            try {
                replayFrom = fixVersion();
            } finally {
                lock.writeLock().unlock();
            }
            awaitWritten(replayFrom);
        } finally {
            committing.unlock();
        }
    }

    /**
     * Rewrites chunks whose live share fell below {@code targetFillRate} percent, at most {@code bytes}
     * of them, and commits. Every commit writes a new chunk and, with auto-commit off, MVStore never
     * rewrites old ones by itself, so without this the file grows with every append (measured: 5 KB
     * per 1 KB event at 1M events). Rewriting a page puts back what it holds, which any write may
     * overtake, so it runs beside the writes; the commit persisting it takes the fence as any does.
     */
    void compact(int targetFillRate, int bytes) {
        committing.lock();
        try {
            if (backend.getMvStore().compact(targetFillRate, bytes)) {
                commit();
            }
        } finally {
            committing.unlock();
        }
    }

    /**
     * Under the fence: names in the store the first journal generation this version does not contain,
     * and fixes the version, whose pages MVStore then writes on a thread of its own. Answers that
     * generation if the journal moved on, else -1.
     */
    private long fixVersion() {
        long replayFrom = journal.isEmpty() ? journal.generation() : journal.startNextGeneration();
        boolean moved = !Long.valueOf(replayFrom).equals(checkpoint.get(REPLAY_FROM));
        if (moved) {
            checkpoint.put(REPLAY_FROM, replayFrom);
        }
        Long required = journalNotRequired ? 0L : 1L;
        if (!required.equals(checkpoint.get(JOURNAL_REQUIRED))) {
            checkpoint.put(JOURNAL_REQUIRED, required);
        }
        MVStore store = backend.getMvStore();
        // Compaction rounds and the close hold MVStore's own lock for long, and neither runs beside a
        // commit here; should anything hold it, the commit waits for it and writes the version itself.
        if (store.tryCommit() < 0 && store.hasUnsavedChanges()) {
            store.commit();
        }
        return moved ? replayFrom : -1;
    }

    /**
     * Waits until the fixed version is in the file (synced first when power-loss safety is on), then
     * deletes the journal generations it holds. A write that failed on MVStore's thread fails the wait
     * with its cause, so the journal stays: it holds what the file may lack.
     */
    private void awaitWritten(long replayFrom) {
        MVStore store = backend.getMvStore();
        store.executeFilestoreOperation(() -> {
            if (fsync && replayFrom >= 0) {
                store.sync();
            }
        });
        if (replayFrom >= 0) {
            journal.deleteBefore(replayFrom);
        }
    }

    private void reinsert(InsertJournal.Inserts inserts) {
        try {
            MongoDatabase database = backend.resolveDatabase(inserts.database());
            MongoCollection<?> collection = database.resolveCollection(inserts.collection(), false);
            if (collection == null) {
                collection = database.createCollectionOrThrowIfExists(inserts.collection());
            }
            List<Document> refused = collection.insertDocuments(inserts.documents(), false);
            if (!refused.isEmpty()) {
                LOG.info("{} journaled documents of {}.{} were in the store already", refused.size(),
                        inserts.database(), inserts.collection());
            }
        } catch (RuntimeException e) {
            LOG.error("Cannot replay {} journaled documents into {}.{}", inserts.documents().size(),
                    inserts.database(), inserts.collection(), e);
        }
    }

    H2Backend delegate() {
        return backend;
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document document = message.getDocument();
        String command = document.keySet().iterator().next();
        return fenced(message.getDatabaseName(), command, document, () -> backend.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return fenced(database, command, query, () -> backend.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        lock.readLock().lock();
        try {
            return backend.handleQuery(query);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Document fenced(String database, String command, Document query, Supplier<Document> call) {
        if (isRead(command, query)) {
            return unlessStopped(call);
        }
        // H2 serves what its cache holds even once closed, writes into it included: gone with the process, and
        // an acknowledged insert would pass for stored.
        Optional<String> stopped = stopped();
        if (stopped.isPresent()) {
            return stoppedAnswer(stopped.get());
        }
        lock.readLock().lock();
        try {
            Document response = unlessStopped(call);
            if (command.equalsIgnoreCase("insert") && !isStoppedAnswer(response)
                    && journaled.contains(String.valueOf(query.get("insert")))) {
                journal(database, query, response);
            }
            return response;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The call's answer, or once H2 closed the store, an error answer saying why. Thrown, H2's "This store is
     * closed" reached the client as an unknown error, which the server logged with its stack for every
     * command: ten a second from the event store's polling alone (tester 154, a full disk). Commands that need no store
     * (the driver's hello and ping) still answer, so the driver keeps the server in sight.
     */
    private Document unlessStopped(Supplier<Document> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            Optional<String> stopped = stopped();
            if (stopped.isEmpty()) {
                throw e;
            }
            return stoppedAnswer(stopped.get());
        }
    }

    private static Document stoppedAnswer(String why) {
        return new Document("ok", 0.0).append("errmsg", why).append("code", StoreErrors.EMBEDDED_STORE_STOPPED)
                .append("codeName", StoreErrors.EMBEDDED_STORE_STOPPED_NAME);
    }

    private static boolean isStoppedAnswer(Document response) {
        return Integer.valueOf(StoreErrors.EMBEDDED_STORE_STOPPED).equals(response.get("code"));
    }

    /** Journals the documents the insert stored: all but the refused ones, and none after a refusal when ordered. */
    @SuppressWarnings("unchecked")
    private void journal(String database, Document query, Document response) {
        List<Document> documents = (List<Document>) query.get("documents");
        List<Document> errors = (List<Document>) response.getOrDefault("writeErrors", List.of());
        Set<Integer> refused = new HashSet<>();
        errors.forEach(error -> refused.add(((Number) error.get("index")).intValue()));
        int end = errors.isEmpty() || !Utils.isTrue(query.get("ordered")) ? documents.size()
                : refused.stream().min(Integer::compare).orElseThrow();
        List<Document> stored = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            if (!refused.contains(i)) {
                stored.add(documents.get(i));
            }
        }
        if (stored.isEmpty()) {
            return;
        }
        try {
            journal.append(new InsertJournal.Inserts(database, String.valueOf(query.get("insert")), stored));
        } catch (RuntimeException e) {
            journalFailure = e;
            throw e;
        }
    }

    private static boolean isRead(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            String pipeline = String.valueOf(query.get("pipeline"));
            return !pipeline.contains("$out") && !pipeline.contains("$merge");
        }
        return READ_COMMANDS.contains(name);
    }

    @Override
    public void dropDatabase(String database) {
        lock.readLock().lock();
        try {
            backend.dropDatabase(database);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void handleClose(Channel channel) {
        backend.handleClose(channel);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return backend.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return backend.getServerStatus();
    }

    /**
     * Writes a copy of the store holding every write completed before the call: a zip of the store
     * file, named as it is. The store commits first, since the last second's inserts are in the
     * journal only. Then H2's online backup copies the file with space reuse off, so the chunks it
     * starts from stay as they are while writes go on; a chunk written during the copy is whole in
     * it or ignored when the copy is opened. One backup at a time, since each turns reuse back on as
     * it ends.
     */
    synchronized void backup(OutputStream out) throws IOException {
        journalNotRequired = true;
        try {
            commit();
            ZipOutputStream zip = new ZipOutputStream(out);
            backend.getMvStore().getFileStore().backup(zip);
            zip.finish();
        } finally {
            journalNotRequired = false;
        }
    }

    /** Commits what is left, compacts the file for at most the given time, then closes it. */
    void closeStore(int compactionMillis) {
        committing.lock();
        lock.writeLock().lock();
        try {
            journalNotRequired = true;
            awaitWritten(fixVersion());
            try {
                backend.getMvStore().close(compactionMillis);
            } catch (RuntimeException e) {
                // Everything is committed already; a failed compaction only leaves the file larger.
                LOG.warn("Compacting the store on close failed; closing it as it is", e);
                backend.getMvStore().closeImmediately();
            }
            backend.close();
            journal.close();
        } finally {
            lock.writeLock().unlock();
            committing.unlock();
        }
    }

    /** The server calls this while it shuts down; the store stays open for {@link #closeStore(int)}. */
    @Override
    public void close() {
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        backend.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return backend.getClock();
    }

    @Override
    public void enableOplog() {
        backend.enableOplog();
    }

    @Override
    public void disableOplog() {
        backend.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return backend.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        backend.version(version);
        return this;
    }
}
