package io.aftermath.shared.mongo;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.aftermath.shared.ledger.LedgerSchema;

/**
 * How the embedded MongoDB runs.
 *
 * @param backend        H2 (a file under the data directory, the default) or MEMORY (tests, demos)
 * @param dataDir        where the H2 file lives
 * @param port           0 for a random free port
 * @param cacheMegabytes MVStore page cache
 * @param fsync          also force every acknowledged batch to the disk (power-loss safety, slower);
 *                       without it a batch is written to the journal file, which survives a killed process
 * @param journaled      the collections whose inserts are journaled, durable before the store's next
 *                       commit: the ledger's commits (see {@code CommitFencedBackend} for why no more)
 */
public record EmbeddedMongoSettings(Backend backend, Path dataDir, int port, int cacheMegabytes, boolean fsync,
                                    Set<String> journaled) {

    private static final Set<String> LEDGER_COMMITS = Set.of(LedgerSchema.COMMITS);

    public EmbeddedMongoSettings {
        journaled = Set.copyOf(journaled);
    }

    public EmbeddedMongoSettings(Backend backend, Path dataDir, int port, int cacheMegabytes, boolean fsync) {
        this(backend, dataDir, port, cacheMegabytes, fsync, LEDGER_COMMITS);
    }

    public enum Backend {
        H2,
        MEMORY
    }

    public static EmbeddedMongoSettings inMemory() {
        return new EmbeddedMongoSettings(Backend.MEMORY, null, 0, 0, false);
    }

    public static EmbeddedMongoSettings onDisk(Path dataDir) {
        return new EmbeddedMongoSettings(Backend.H2, dataDir, 0, 64, false);
    }

    /** The same, journaling these collections' inserts too: benchmarks hold raw inserts to the ledger's durability. */
    public EmbeddedMongoSettings alsoJournaling(String... collections) {
        Set<String> more = new HashSet<>(journaled);
        more.addAll(List.of(collections));
        return new EmbeddedMongoSettings(backend, dataDir, port, cacheMegabytes, fsync, more);
    }
}
