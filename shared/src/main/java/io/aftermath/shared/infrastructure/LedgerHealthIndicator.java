package io.aftermath.shared.infrastructure;

import java.util.Optional;

import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import com.mongodb.client.MongoDatabase;

import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.StoreSight;

/**
 * {@code /actuator/health} component "ledger": the store answers, where the log's head is, which log
 * it is ({@code storeId}, see {@link io.aftermath.shared.ledger.LedgerIdentity}), and DOWN if appends
 * stopped (the embedded journal failed, the ledger could not fill a position, or H2 closed the embedded
 * store after a failed write) or the embedded store's commits fail (its file cannot be written).
 */
class LedgerHealthIndicator extends AbstractHealthIndicator {

    private static final Status DEGRADED = new Status("DEGRADED", "Appends are refused at a document written by hand");

    private final MongoLedgerStorageEngine engine;
    private final EmbeddedMongoServer embedded;
    private final MongoDatabase database;
    private final StoreSight store;

    LedgerHealthIndicator(MongoLedgerStorageEngine engine, EmbeddedMongoServer embedded, MongoDatabase database,
                          StoreSight store) {
        super("Ledger store is not reachable");
        this.engine = engine;
        this.embedded = embedded;
        this.database = database;
        this.store = store;
    }

    /**
     * A store the driver's monitor cannot see is DOWN at once: pinging it would wait out the driver's
     * server selection (30 s), longer than a load balancer's probe waits.
     */
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!store.inSight()) {
            builder.down().withDetail("store", "no writable server in sight: " + store.description());
            return;
        }
        Optional<String> storeStopped = embedded == null ? Optional.empty() : embedded.storeStopped();
        if (storeStopped.isPresent()) {
            // Every read of the store would fail too, and its error would stand in for why (tester 154, a full disk).
            builder.down().withDetail("appends", storeStopped.get());
            embeddedDetails(builder);
            return;
        }
        database.runCommand(new Document("ping", 1));
        builder.up()
                .withDetail("head", engine.head())
                .withDetail("storeId", engine.identity().id())
                .withDetail("storage", embedded == null ? "mongodb" : "embedded")
                .withDetail("database", database.getName());
        // Every node on the log is refused alike, and reads go on: no restart or failover cures it, so not DOWN.
        engine.unreadableAtHead().ifPresent(position -> builder.status(DEGRADED).withDetail("appends", "refused: the "
                + "document at position " + position + " is not stored as the ledger writes it; put a void in its place "
                + "(README, Limits)"));
        engine.appendsStopped().ifPresent(why -> builder.down().withDetail("appends", why));
        if (embedded != null) {
            embeddedDetails(builder);
        }
    }

    private void embeddedDetails(Health.Builder builder) {
        builder.withDetail("port", embedded.port());
        if (embedded.storeFile() != null) {
            builder.withDetail("file", embedded.storeFile().toString());
        }
        embedded.durabilityFailure().ifPresent(failure -> builder.down().withDetail("journal", failure));
        embedded.commitFailure().ifPresent(failure -> builder.down().withDetail("commit", failure));
    }
}
