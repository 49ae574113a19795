package io.aftermath.shared.mongo;

import java.nio.file.Path;

/**
 * How the embedded MongoDB runs.
 *
 * @param backend        H2 (a file under the data directory, the default) or MEMORY (tests, demos)
 * @param dataDir        where the H2 file lives
 * @param port           0 for a random free port
 * @param cacheMegabytes MVStore page cache
 * @param fsync          also force every acknowledged batch to the disk (power-loss safety, slower);
 *                       without it a batch is written to the journal file, which survives a killed process
 */
public record EmbeddedMongoSettings(Backend backend, Path dataDir, int port, int cacheMegabytes, boolean fsync) {

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
}
