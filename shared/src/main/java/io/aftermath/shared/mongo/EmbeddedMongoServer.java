package io.aftermath.shared.mongo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoBackend;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.ledger.DurabilityBarrier;
import io.aftermath.shared.mongo.h2.IncompatibleStoreException;
import io.aftermath.shared.mongo.h2.TypedH2Backend;
import io.aftermath.shared.mongo.memory.FastMemoryBackend;
import io.aftermath.shared.mongo.wire.WireServer;

/**
 * MongoDB in the same process (mongo-java-server) on 127.0.0.1, so Aftermath runs with nothing else
 * installed and any MongoDB tool can still look at its data. On the H2 file, inserts (the ledger's
 * commits among them) are journaled as they happen and the store commits once a second; other
 * writes (read models, tokens) are durable from that commit on. The ledger waits on
 * {@link #durabilityBarrier()} before acknowledging a batch.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String STORE_FILE = "aftermath.mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    private static final int COMPACTION_MILLIS_ON_CLOSE = 5_000;
    private static final int COMPACTION_PERIOD_SECONDS = 1;
    /**
     * How long a chunk left without live data is kept before its space is reused. H2's 45 s default
     * allows for disks that flush late; here every commit is already written (and synced when
     * {@code fsync} is on), acknowledged inserts are in the journal besides, and at ~5 MB of chunks
     * per second a long retention is what made the file grow.
     */
    private static final int RETENTION_MILLIS = 2_000;
    /**
     * Compaction runs only while less than this share of the file is live, so the file stays under
     * twice its live data. Each round rewrites chunks and commits them, and reads slow down several
     * times while it does; at 80 % the rounds went on long after a heavy write (1M events: stream-load
     * p99 4–7.5 ms for seconds afterwards, against 0.8–3.6 ms at 50 %, for 1,028 instead of 924 bytes
     * per event after a clean close).
     */
    private static final int COMPACTION_TARGET_FILL_PERCENT = 50;
    /**
     * Bounded because the pages a round rewrites are written by the commit after it, and every write other than
     * the ledger's waits for that commit to be durable. Chosen while rounds still held every write (8 MB every 2 s
     * held them 1.5-2.7 s on a store serving rebuilds, 2 MB every second 0.6-0.85 s: docs/benchmarks.md §3);
     * rounds now rewrite beside the writes.
     */
    private static final int COMPACTION_BYTES_PER_ROUND = 2 << 20;
    /** Far beyond one round's few hundred milliseconds; the close then waits for it on the store's lock. */
    private static final int PERIODIC_WORK_WAIT_SECONDS = 10;

    private final WireServer server;
    private final InetSocketAddress address;
    private final CommitFencedBackend fenced;
    private final DataDirectory directory;
    private final ScheduledExecutorService committer;
    /** Why the periodic commit failed, from its first failure until a commit succeeds again. */
    private volatile String commitFailure;
    private final AtomicBoolean stopLogged = new AtomicBoolean();

    private EmbeddedMongoServer(MongoBackend backend, CommitFencedBackend fenced, DataDirectory directory, int port) {
        this.fenced = fenced;
        this.directory = directory;
        this.server = WireServer.bind(backend, "127.0.0.1", port);
        this.address = server.address();
        if (fenced != null) {
            committer = DaemonThreads.scheduler("embedded-mongo-committer");
            committer.scheduleWithFixedDelay(this::commitQuietly, 1, 1, TimeUnit.SECONDS);
            committer.scheduleWithFixedDelay(this::compactQuietly, COMPACTION_PERIOD_SECONDS,
                    COMPACTION_PERIOD_SECONDS, TimeUnit.SECONDS);
        } else {
            committer = null;
        }
    }

    public static EmbeddedMongoServer start(EmbeddedMongoSettings settings) {
        return start(settings, null);
    }

    /** H2 would create the file as the process's umask says; it holds the users' password hashes. */
    private static void createOwnerOnlyIfAbsent(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            DataDirectory.createOwnerOnly(file);
        } catch (IOException e) {
            throw new DataDirectoryException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts on a directory the caller already holds (or opens it when {@code held} is null); closes it on close. */
    public static EmbeddedMongoServer start(EmbeddedMongoSettings settings, DataDirectory held) {
        if (settings.backend() == EmbeddedMongoSettings.Backend.MEMORY) {
            refuseBesideALedger(held != null ? held.path() : settings.dataDir());
            return new EmbeddedMongoServer(new FastMemoryBackend(), null, held, settings.port());
        }
        DataDirectory directory = held != null ? held : DataDirectory.open(settings.dataDir());
        MVStore store = null;
        boolean created = false;
        try {
            // H2 opens a file it may not write read-only without a word; every commit would then fail.
            directory.requireWritable(STORE_FILE);
            long existing = sizeOf(directory.resolve(STORE_FILE));
            created = !Files.exists(directory.resolve(STORE_FILE));
            if (existing == 0 && !created) {
                // H2 writes its header as it creates a file, so an empty one was emptied; H2 would open it as a new
                // store, and the node start an empty ledger in the place of the one it held (tester 154).
                throw new DataDirectoryException("cannot open " + directory.resolve(STORE_FILE) + ": it is empty (0 "
                        + "bytes), so the ledger it held is gone; " + restoreAdvice(directory) + ", or delete the file "
                        + "and the aftermath-journal-*.log files beside it to start a new, empty ledger");
            }
            if (created) {
                clearJournalWithoutItsStore(directory);
            }
            createOwnerOnlyIfAbsent(directory.resolve(STORE_FILE));
            store = CommitFencedBackend.openStore(directory.resolve(STORE_FILE), settings.cacheMegabytes());
            if (existing > 0 && store.getMapNames().isEmpty()) {
                // H2 opens a file whose every chunk is unreadable as a new, empty store: the node would start
                // on an empty ledger and write over the history it lost.
                throw new DataDirectoryException("cannot open " + directory.resolve(STORE_FILE) + ": its " + existing
                        + " bytes hold no readable data, so it is corrupted; " + restoreAdvice(directory)
                        + ", or delete the file if this directory never held a ledger");
            }
            if (store.isReadOnly()) {
                throw new DataDirectoryException("cannot write " + directory.resolve(STORE_FILE)
                        + ": the store opened it read-only");
            }
            store.setRetentionTime(RETENTION_MILLIS);
            CommitFencedBackend fenced = new CommitFencedBackend(TypedH2Backend.open(store), directory.path(),
                    settings.fsync(), settings.journaled());
            // From here the journal has a generation of this store's, which a new store file would not continue.
            created = false;
            EmbeddedMongoServer server = new EmbeddedMongoServer(fenced, fenced, directory, settings.port());
            LOG.info("Embedded MongoDB (H2 file {}) listening on mongodb://{}", directory.resolve(STORE_FILE),
                    server.hostAndPort());
            return server;
        } catch (MVStoreException | IncompatibleStoreException e) {
            closeQuietly(store, directory, created);
            // A file cut short fails as a read past its end (tester 36), a damaged one as corrupt.
            boolean damaged = e instanceof MVStoreException failed && (failed.getErrorCode() == DataUtils.ERROR_FILE_CORRUPT
                    || failed.getErrorCode() == DataUtils.ERROR_READING_FAILED);
            throw new DataDirectoryException("cannot open " + directory.resolve(STORE_FILE) + ": "
                    + e.getMessage().replaceAll("file sun\\.nio\\.ch\\.FileChannelImpl@\\p{XDigit}+", "the file")
                    + (damaged ? "; " + restoreAdvice(directory) : ""), e);
        } catch (RuntimeException e) {
            closeQuietly(store, directory, created);
            throw e;
        }
    }

    /** The node keeps its own backups inside the directory a restore would clear (tester 160). */
    private static String restoreAdvice(DataDirectory directory) {
        Path backups = directory.resolve("backups");
        return "restore the data directory from a backup (README, Operations, backups" + (Files.isDirectory(backups)
                ? "; this node's own are in " + backups + ": copy them out before you clear the directory)" : ")");
    }

    /**
     * Journal files with no store file beside them: ones holding inserts are a ledger's last commits without the
     * ledger, which a new store file would not continue, and the start made one only to refuse it (tester 160);
     * empty ones hold nothing (left by a clean stop, or a first start that failed) and are deleted.
     */
    private static void clearJournalWithoutItsStore(DataDirectory directory) {
        List<Path> holding = new ArrayList<>();
        for (Path file : InsertJournal.files(directory.path())) {
            if (sizeOf(file) > 0) {
                holding.add(file);
            }
        }
        if (!holding.isEmpty()) {
            throw new DataDirectoryException(directory.path() + " holds journal files (" + holding.get(0).getFileName()
                    + (holding.size() > 1 ? " and " + (holding.size() - 1) + " more" : "") + ") but no store file, "
                    + STORE_FILE + ": put back the store file they belong to, or move the aftermath-journal-*.log "
                    + "files away to start a new, empty ledger");
        }
        for (Path empty : InsertJournal.files(directory.path())) {
            try {
                Files.delete(empty);
            } catch (IOException e) {
                throw new DataDirectoryException("cannot delete " + empty + ", an empty journal file without a store "
                        + "file: " + e, e);
            }
        }
    }

    /**
     * A store file this start created is deleted when the start fails before the store's journal is opened (its
     * header write failed on a full disk, or the journal was refused): the next start would take it for a ledger
     * that was emptied, or whose every chunk was lost.
     */
    private static void closeQuietly(MVStore store, DataDirectory directory, boolean created) {
        if (store != null) {
            store.closeImmediately();
        }
        Path file = directory.resolve(STORE_FILE);
        if (created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Cannot delete the store file {} this start created", file, e);
            }
        }
        directory.close();
    }

    /**
     * The memory backend beside an H2 ledger would start an empty ledger without a word and write its new
     * admin's password over the one that ledger's admin signs in with (tester 154).
     */
    private static void refuseBesideALedger(Path dataDir) {
        if (dataDir != null && sizeOf(dataDir.resolve(STORE_FILE)) > 0) {
            throw new DataDirectoryException("aftermath.mongo.embedded.backend=memory keeps nothing on disk, and "
                    + dataDir.resolve(STORE_FILE) + " holds a ledger it would not open; leave the backend at h2 for "
                    + "that ledger, or give the memory backend another aftermath.data-dir");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new DataDirectoryException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    public String connectionString() {
        return "mongodb://" + hostAndPort();
    }

    public int port() {
        return address.getPort();
    }

    private String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** The H2 file, or null for the memory backend. */
    public Path storeFile() {
        return fenced == null ? null : directory.resolve(STORE_FILE);
    }

    /**
     * Set while the H2 store's periodic commit fails (it could not write its file): since the last
     * commit that succeeded, writes other than the journaled inserts are not on the disk.
     */
    public Optional<String> commitFailure() {
        return Optional.ofNullable(commitFailure);
    }

    /**
     * Set once H2 closed the store after a failed write of its file (a commit's or a compaction's), saying
     * why: every command that needs the store is refused from then on, until a restart.
     */
    public Optional<String> storeStopped() {
        return fenced == null ? Optional.empty() : fenced.stopped();
    }

    /** Set once the H2 store's journal could not be written: appends fail until a restart. */
    public Optional<String> durabilityFailure() {
        return fenced == null ? Optional.empty() : fenced.journalFailure().map(Throwable::getMessage);
    }

    /**
     * Backs the H2 store up while it runs, into {@code target}: a zip holding {@value #STORE_FILE},
     * which unzipped into an empty data directory is a store with every write completed before the
     * call. Written beside the target and moved into place, so a file by that name is always whole;
     * readable by its owner only, since it holds the users' password hashes. Answers its size in bytes.
     */
    public long backupTo(Path target) throws IOException {
        if (fenced == null) {
            throw new IllegalStateException("The memory backend keeps nothing to back up");
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        DataDirectory.createOwnerOnly(partial);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            fenced.backup(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(target);
    }

    public DurabilityBarrier durabilityBarrier() {
        return fenced == null ? DurabilityBarrier.NONE : fenced::makeDurable;
    }

    /**
     * Lets a commit or compaction under way finish rather than interrupting it: Java closes a file
     * channel that an interrupted thread writes to, and H2 then fails the commit and the close. The
     * store's own close commits whatever is left, so later rounds are dropped. An interrupt of the
     * closing thread is answered once the store is closed, for the same reason; true if one came.
     */
    private boolean finishPeriodicWork() {
        committer.shutdown();
        try {
            if (!committer.awaitTermination(PERIODIC_WORK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("A periodic commit or compaction still runs after {} s; closing the store after it",
                        PERIODIC_WORK_WAIT_SECONDS);
            }
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private void commitQuietly() {
        if (stopped()) {
            return;
        }
        try {
            fenced.commit();
            commitFailure = null;
        } catch (RuntimeException e) {
            // The first failure is the cause; once H2 fails a write it closes the store, and later
            // commits only say so.
            if (commitFailure == null) {
                commitFailure = String.valueOf(e.getMessage());
            }
            LOG.warn("Periodic commit of the embedded store failed", e);
            stopped();
        }
    }

    private void compactQuietly() {
        if (stopped()) {
            return;
        }
        try {
            fenced.compact(COMPACTION_TARGET_FILL_PERCENT, COMPACTION_BYTES_PER_ROUND);
        } catch (RuntimeException e) {
            LOG.warn("Compacting the embedded store failed; the file grows until the next round", e);
            // A round commits what it rewrote: if that closed the store, no periodic commit runs again to say so.
            if (stopped() && commitFailure == null) {
                commitFailure = String.valueOf(e.getMessage());
            }
        }
    }

    /**
     * Whether H2 closed the store; says so once, at ERROR, the first time it is seen. Every later commit or
     * compaction would only fail with "This store is closed", a warning with its stack each second (tester
     * 154), so the rounds stop: the first failure was logged with its cause already.
     */
    private boolean stopped() {
        Optional<String> stopped = fenced.stopped();
        if (stopped.isPresent() && stopLogged.compareAndSet(false, true)) {
            LOG.error("{}. Writes are answered 503 LEDGER_STOPPED until then.", stopped.get());
        }
        return stopped.isPresent();
    }

    @Override
    public void close() {
        boolean interrupted = committer != null && finishPeriodicWork();
        server.close();
        try {
            if (fenced != null) {
                fenced.closeStore(COMPACTION_MILLIS_ON_CLOSE);
            }
        } finally {
            // A store that can no longer write its file fails to close; the directory is released anyway.
            if (directory != null) {
                directory.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
