package io.aftermath.shared.infrastructure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoNamespace;

import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;

/**
 * Aftermath's own settings ({@code aftermath.*}); see the README's configuration table.
 *
 * @param dataDir where the embedded store keeps its file and every node its search index; locked by one
 *                process at a time, whatever the storage
 * @param roles   what this node runs: {@code command}, {@code query} or both
 * @param nodeId  this node's name in processor claims; unique per process when left empty
 */
@ConfigurationProperties("aftermath")
public record AftermathProperties(@DefaultValue("./data") Path dataDir,
                                  @DefaultValue("command,query") String roles,
                                  String nodeId,
                                  @DefaultValue Mongo mongo,
                                  @DefaultValue Ledger ledger,
                                  @DefaultValue Backup backup,
                                  @DefaultValue CheckpointSchedule checkpoint) {

    /**
     * @param uri      a real MongoDB (replica set recommended); when empty the embedded server runs
     * @param database the database holding the ledger, tokens and read models
     * @param readTimeout how long a call waits for a store of {@code uri} to answer (0: for ever), unless
     *                 the URI sets {@code socketTimeoutMS} or {@code timeoutMS}: a store that hangs without
     *                 closing its connections (a frozen host, a partition) would otherwise hold each call,
     *                 and the thread making it, until the operating system gives up on the connection
     */
    public record Mongo(String uri, @DefaultValue("aftermath") String database, @DefaultValue Embedded embedded,
                        @DefaultValue("10s") Duration readTimeout) {

        /** The URI and the name are checked here, so that the driver's refusal is one line, not a failed bean. */
        public Mongo {
            if (!(uri == null || uri.isBlank())) {
                try {
                    new ConnectionString(uri);
                } catch (IllegalArgumentException e) {
                    throw new StartRefusedException("aftermath.mongo.uri=" + withoutPassword(uri) + " is not a "
                            + "MongoDB connection string (mongodb://host:port/...): " + withoutPassword(e.getMessage()));
                }
            }
            if (!Duration.ZERO.equals(readTimeout)) {
                // The driver counts it in whole milliseconds of an int.
                SettingRange.between("aftermath.mongo.read-timeout", readTimeout, Duration.ofMillis(1),
                        Duration.ofMillis(Integer.MAX_VALUE));
            }
            try {
                MongoNamespace.checkDatabaseNameValidity(database);
            } catch (IllegalArgumentException e) {
                throw new StartRefusedException("aftermath.mongo.database=" + database + " is not a MongoDB database "
                        + "name: " + e.getMessage());
            }
        }

        /**
         * The line goes to logs; the URI may hold a password ({@code mongodb://user:password@host}), also where it is
         * malformed ({@code mongodb:/user:password@host}, {@code user:password@host}; tester 149).
         */
        private static String withoutPassword(String text) {
            return text == null ? null : text.replaceAll("(//[^/@:\\s]*:)[^@\\s]*@", "$1***@")
                    .replaceAll("([^/\\\\@:\\s]+:)(?!\\*\\*\\*@)[^/\\\\@\\s]*@", "$1***@");
        }

        public boolean isEmbedded() {
            return uri == null || uri.isBlank();
        }
    }

    /**
     * @param backend        {@code h2} (a file under the data dir) or {@code memory}
     * @param port           0 picks a free port; the log says which
     * @param cacheMegabytes page cache of the H2 file
     */
    public record Embedded(@DefaultValue("h2") EmbeddedMongoSettings.Backend backend,
                           @DefaultValue("0") int port,
                           @DefaultValue("64") int cacheMegabytes) {

        public Embedded {
            SettingRange.between("aftermath.mongo.embedded.port", port, 0, 65_535);
            SettingRange.atLeast("aftermath.mongo.embedded.cache-megabytes", cacheMegabytes, 0);
        }
    }

    /**
     * @param fsync        force each acknowledged batch to the disk (embedded H2 only)
     * @param fetchDelay   how often processors look for events appended by other nodes
     * @param claimTimeout after this long without an update another node may take a segment
     * @param cachedEvents the newest events kept in memory for the processors following the head
     */
    public record Ledger(@DefaultValue("false") boolean fsync,
                         @DefaultValue("100ms") Duration fetchDelay,
                         @DefaultValue("10s") Duration claimTimeout,
                         @DefaultValue("10000") int cachedEvents) {

        public Ledger {
            SettingRange.positive("aftermath.ledger.fetch-delay", fetchDelay);
            SettingRange.positive("aftermath.ledger.claim-timeout", claimTimeout);
            SettingRange.atLeast("aftermath.ledger.cached-events", cachedEvents, 1);
        }
    }

    /**
     * Backups of the embedded store taken by the node itself, into {@code <data-dir>/backups}.
     *
     * @param interval how often; empty (the default) takes none unless asked through the API
     * @param keep     the newest backups kept there after each one; 0 (the default) keeps them all
     */
    public record Backup(Duration interval, @DefaultValue("0") int keep) {

        /** Each backup copies the whole store: more often than this would fill the disk, not protect it. */
        static final Duration MINIMUM_INTERVAL = Duration.ofMinutes(1);

        public Backup {
            if (interval != null) {
                SettingRange.atLeast("aftermath.backup.interval", interval, MINIMUM_INTERVAL);
            }
            SettingRange.atLeast("aftermath.backup.keep", keep, 0);
        }
    }

    /**
     * Checkpoints of the ledger taken by the node itself (see {@code LedgerCheckpoints}).
     *
     * @param interval how often; empty (the default) takes none unless asked through the API
     * @param keep     the newest records kept after each one; 0 (the default) keeps them all
     * @param dir      where the records go; empty: {@code <data-dir>/checkpoints}
     */
    public record CheckpointSchedule(Duration interval, @DefaultValue("0") int keep, Path dir) {

        /** Each checkpoint verifies the whole log: more often would keep a core busy, not add assurance. */
        static final Duration MINIMUM_INTERVAL = Duration.ofMinutes(1);

        public CheckpointSchedule {
            if (interval != null) {
                SettingRange.atLeast("aftermath.checkpoint.interval", interval, MINIMUM_INTERVAL);
            }
            SettingRange.atLeast("aftermath.checkpoint.keep", keep, 0);
        }

        Path directory(Path dataDir) {
            return dir == null || dir.toString().isBlank() ? LedgerCheckpoints.defaultDirectory(dataDir) : dir;
        }
    }

    public EmbeddedMongoSettings embeddedSettings() {
        Embedded embedded = mongo.embedded();
        return new EmbeddedMongoSettings(embedded.backend(), dataDir, embedded.port(), embedded.cacheMegabytes(),
                ledger.fsync());
    }
}
