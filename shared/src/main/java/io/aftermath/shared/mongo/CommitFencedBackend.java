package io.aftermath.shared.mongo;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * The H2 backend with commits we control. One MongoDB write touches several MVStore maps (the
 * documents, then each index), and an MVStore commit taken between them would persist half a write
 * that a crash then leaves behind. So auto-commit is off, every write command holds a shared lock,
 * and {@link #commit(boolean)} takes the lock exclusively: a commit only ever sees whole writes.
 */
final class CommitFencedBackend implements MongoBackend {

    private static final Set<String> READ_COMMANDS = Set.of("find", "getmore", "count", "distinct", "ismaster",
            "hello", "buildinfo", "ping", "listcollections", "listindexes", "listdatabases", "dbstats", "collstats",
            "serverstatus", "whatsmyuri", "getlasterror", "killcursors", "endsessions", "connectionstatus",
            "hostinfo", "getparameter", "getcmdlineopts", "getlog", "getfreemonitoringstatus");

    private final H2Backend backend;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    CommitFencedBackend(H2Backend backend) {
        this.backend = backend;
    }

    /** Persists every completed write; with {@code sync}, also forces it to the disk. */
    void commit(boolean sync) {
        lock.writeLock().lock();
        try {
            backend.commit();
            if (sync) {
                backend.getMvStore().sync();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Rewrites chunks whose live share fell below {@code targetFillRate} percent, at most {@code bytes}
     * of them, and commits. Every commit writes a new chunk and, with auto-commit off, MVStore never
     * rewrites old ones by itself, so without this the file grows with every append (measured: 5 KB
     * per 1 KB event at 1M events). Under the fence like any commit, so it never persists a half-write.
     */
    void compact(int targetFillRate, int bytes) {
        lock.writeLock().lock();
        try {
            if (backend.getMvStore().compact(targetFillRate, bytes)) {
                backend.commit();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    H2Backend delegate() {
        return backend;
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document document = message.getDocument();
        String command = document.keySet().iterator().next();
        return fenced(command, document, () -> backend.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return fenced(command, query, () -> backend.handleCommand(channel, database, command, query));
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

    private <T> T fenced(String command, Document query, Supplier<T> call) {
        if (isRead(command, query)) {
            return call.get();
        }
        lock.readLock().lock();
        try {
            return call.get();
        } finally {
            lock.readLock().unlock();
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

    /** Commits what is left, compacts the file for at most the given time, then closes it. */
    void closeStore(int compactionMillis) {
        lock.writeLock().lock();
        try {
            backend.commit();
            try {
                backend.getMvStore().close(compactionMillis);
            } catch (RuntimeException e) {
                // Everything is committed already; a failed compaction only leaves the file larger.
                LoggerFactory.getLogger(CommitFencedBackend.class)
                        .warn("Compacting the store on close failed; closing it as it is", e);
                backend.getMvStore().closeImmediately();
            }
            backend.close();
        } finally {
            lock.writeLock().unlock();
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
