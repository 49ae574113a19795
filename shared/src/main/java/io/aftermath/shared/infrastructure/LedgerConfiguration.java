package io.aftermath.shared.infrastructure;

import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpMethod;
import org.springframework.util.function.SingletonSupplier;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.ClusterListener;

import io.aftermath.shared.ledger.DurabilityBarrier;
import io.aftermath.shared.ledger.LedgerSettings;
import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.ledger.LedgerVerifier;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.metadata.EventTimestampInterceptor;
import io.aftermath.shared.mongo.DataDirectory;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.node.NodeRole;
import io.aftermath.shared.node.StartRefusedException;
import io.aftermath.shared.serialization.LedgerSerializers;
import io.aftermath.shared.web.UnansweredRequests;
import io.aftermath.shared.web.admission.HeavyRoutes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The storage both sides stand on: MongoDB (embedded unless {@code aftermath.mongo.uri} is set), the
 * ledger as Axon's event storage engine, the fenced token store and the JSON serializers.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AftermathProperties.class)
@Import(MetricsConfiguration.class)
public class LedgerConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMongoHolder embeddedMongo(AftermathProperties properties, ObjectProvider<DataDirectory> heldDirectory) {
        // Every store connection goes through this bean: a setting no store could honour is refused first.
        ScheduledBackups.refuseImpossible(properties);
        ScheduledCheckpoints.refuseImpossible(properties);
        if (!properties.mongo().isEmbedded()) {
            return new EmbeddedMongoHolder(null);
        }
        try {
            return new EmbeddedMongoHolder(EmbeddedMongoServer.start(properties.embeddedSettings(),
                    heldDirectory.getIfAvailable()));
        } catch (RuntimeException e) {
            throw refusedPort(e, properties.mongo().embedded().port());
        }
    }

    /** A port the embedded server cannot listen on is the operator's to change, so it refuses the start. */
    private static RuntimeException refusedPort(RuntimeException failure, int port) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException taken) {
                return new StartRefusedException("aftermath.mongo.embedded.port=" + port
                        + ": cannot listen on 127.0.0.1:" + port + " (" + taken.getMessage()
                        + "); choose another port, or 0 for any free one", failure);
            }
        }
        return failure;
    }

    /** {@code listeners}: each side's watchers of the driver's view of the store, told of it as it changes. */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient(AftermathProperties properties, EmbeddedMongoHolder embedded,
                            ObjectProvider<ClusterListener> listeners) {
        boolean inProcess = embedded.server() != null;
        String uri = inProcess ? embedded.server().connectionString() : properties.mongo().uri();
        MongoClientSettings settings = clientSettings(uri, inProcess, properties.mongo().readTimeout());
        return MongoClients.create(MongoClientSettings.builder(settings)
                .applyToClusterSettings(cluster -> listeners.orderedStream().forEach(cluster::addClusterListener))
                .build());
    }

    @Bean
    public NodeStop nodeStop() {
        return new NodeStop();
    }

    @Bean
    StoreSight storeSight(MongoClient client) {
        return new StoreSight(client);
    }

    /** How often the driver looks at a store of {@code aftermath.mongo.uri} when the URI does not say. */
    static final int STORE_HEARTBEAT_SECONDS = 2;

    static MongoClientSettings clientSettings(String uri, boolean inProcess, Duration readTimeout) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applicationName("aftermath");
        // The embedded server runs in this process: it cannot hang while the node goes on.
        boolean uriBoundsReads = connection.getSocketTimeout() != null || connection.getTimeout() != null;
        if (!inProcess && !uriBoundsReads) {
            settings.applyToSocketSettings(socket -> socket.readTimeout((int) readTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        if (!inProcess && connection.getHeartbeatFrequency() == null) {
            // Calls are refused at once while the store is out of sight, so none waits for it, and the driver looks
            // for it again only at its heartbeat: 10 s by default, which kept a node refusing for up to 10 s after
            // its store was back (tester 63: 7-10 s after 6 of 11 kills).
            settings.applyToServerSettings(server -> server.heartbeatFrequency(STORE_HEARTBEAT_SECONDS, TimeUnit.SECONDS));
        }
        return settings.build();
    }

    @Bean
    StoreOutageShutdown storeOutageShutdown(StoreSight store, MongoClient client, MongoLedgerStorageEngine ledger,
                                            EmbeddedMongoHolder embedded, ObjectProvider<UnansweredRequests> requests) {
        return new StoreOutageShutdown(store, client, ledger, embedded.server() == null,
                () -> requests.stream().mapToInt(UnansweredRequests::answerStoreLost).sum());
    }

    /** Not for the embedded server, which runs in this process, nor with no read timeout (wait for ever). */
    @Bean
    StoreOutageAnswers storeOutageAnswers(StoreSight store, AftermathProperties properties,
                                          EmbeddedMongoHolder embedded, ObjectProvider<UnansweredRequests> requests) {
        Duration wait = embedded.server() == null ? properties.mongo().readTimeout() : Duration.ZERO;
        return new StoreOutageAnswers(store, wait,
                waited -> requests.stream().mapToInt(unanswered -> unanswered.answerCaughtByOutage(waited)).sum());
    }

    @Bean
    MongoDatabase aftermathDatabase(MongoClient client, AftermathProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    @Primary
    Serializer serializer() {
        return LedgerSerializers.messages();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return LedgerSerializers.messages();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return LedgerSerializers.messages();
    }

    @Bean(destroyMethod = "close")
    MongoLedgerStorageEngine ledgerStorageEngine(MongoClient client, MongoDatabase database, EmbeddedMongoHolder embedded,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 ObjectProvider<MeterRegistry> meters,
                                                 ObjectProvider<Configuration> axon,
                                                 AftermathProperties properties) {
        boolean writes = NodeRole.parse(properties.roles()).contains(NodeRole.COMMAND);
        if (embedded.server() != null) {
            EmbeddedWriterClaim.record(client, database, embedded.server().port(), writes);
        } else if (writes) {
            EmbeddedWriterClaim.refuseIfClaimed(client, database, properties.mongo().uri());
        }
        DurabilityBarrier barrier = embedded.server() == null ? DurabilityBarrier.NONE
                : embedded.server().durabilityBarrier();
        return MongoLedgerStorageEngine.builder()
                .database(durable(database))
                .durabilityBarrier(barrier)
                // The embedded server has this node as its only writer, so it may pipeline its batches.
                .settings(embedded.server() == null ? LedgerSettings.defaults() : LedgerSettings.soleWriter())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(LedgerSerializers.snapshots())
                // Each aggregate's own (a snapshot of another @Revision is passed over for the events); asked for
                // when a snapshot is read, as Axon's configuration is built after this engine.
                .snapshotFilter(snapshot -> axon.getObject().snapshotFilter().allow(snapshot))
                .meterRegistry(meters.getIfAvailable(CompositeMeterRegistry::new))
                .build();
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  AftermathProperties properties) {
        EmbeddedEventStore store = LedgerEventStores.builder(storageEngine, properties.ledger())
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
                .build();
        store.registerDispatchInterceptor(new EventTimestampInterceptor());
        return store;
    }

    @Bean
    TokenStore tokenStore(MongoDatabase database, Serializer serializer, AftermathProperties properties) {
        String nodeId = properties.nodeId() == null || properties.nodeId().isBlank()
                ? LedgerTokenStore.uniqueNodeId() : properties.nodeId();
        return new LedgerTokenStore(durable(database), serializer, nodeId, properties.ledger().claimTimeout(),
                Clock.systemUTC());
    }

    @Bean
    InfoContributor nodeInfo(AftermathProperties properties, TokenStore tokenStore) {
        return new NodeInfo(properties, (LedgerTokenStore) tokenStore);
    }

    @Bean
    StoreBackups storeBackups(EmbeddedMongoHolder embedded, MongoLedgerStorageEngine engine, MongoDatabase database,
                              AftermathProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new StoreBackups(embedded.server(), engine, new LedgerVerifier(database), properties.dataDir(),
                properties.backup().keep(), meters.getIfAvailable(CompositeMeterRegistry::new));
    }

    @Bean
    InfoContributor backupInfo(StoreBackups backups) {
        return new NewestRecordInfo("backup", backups::newest);
    }

    @Bean
    StoreBackupController storeBackupController(StoreBackups backups) {
        return new StoreBackupController(backups);
    }

    @Bean(destroyMethod = "close")
    ScheduledBackups scheduledBackups(StoreBackups backups, AftermathProperties properties) {
        return ScheduledBackups.start(backups, properties.backup().interval());
    }

    @Bean
    LedgerCheckpoints ledgerCheckpoints(MongoLedgerStorageEngine engine, MongoDatabase database,
                                        AftermathProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new LedgerCheckpoints(engine, new LedgerVerifier(database),
                properties.checkpoint().directory(properties.dataDir()), properties.checkpoint().keep(),
                new CheckpointMetrics(meters.getIfAvailable(CompositeMeterRegistry::new)), Clock.systemUTC());
    }

    @Bean
    InfoContributor checkpointInfo(LedgerCheckpoints checkpoints) {
        return new NewestRecordInfo("checkpoint", checkpoints::newest);
    }

    @Bean
    LedgerCheckpointController ledgerCheckpointController(LedgerCheckpoints checkpoints) {
        return new LedgerCheckpointController(checkpoints);
    }

    /** A checkpoint verifies the whole log, and so does a backup before it copies the store file. */
    @Bean
    CuttableReads cuttableReads(ObjectProvider<StoreSight> sight) {
        // The client it listens to is built with it, so the sight it asks is found once the client is there.
        Supplier<StoreSight> store = SingletonSupplier.of(sight::getObject);
        return new CuttableReads(() -> store.get().inSight());
    }

    @Bean
    HeavyRoutes wholeLogRoutes() {
        return new HeavyRoutes(HttpMethod.POST, List.of("/api/admin/checkpoint", "/api/admin/backup"));
    }

    @Bean(destroyMethod = "close")
    ScheduledCheckpoints scheduledCheckpoints(LedgerCheckpoints checkpoints, AftermathProperties properties) {
        return ScheduledCheckpoints.start(checkpoints, properties.checkpoint().interval());
    }

    @Bean
    ReactiveHealthIndicator ledgerHealthIndicator(MongoLedgerStorageEngine engine, EmbeddedMongoHolder embedded,
                                                  MongoDatabase database, StoreSight store) {
        return new PromptHealthIndicator(new LedgerHealthIndicator(engine, embedded.server(), database, store),
                PromptHealthIndicator.DEADLINE, Health.down().withDetail("store", "did not answer within "
                        + PromptHealthIndicator.DEADLINE.toSeconds() + " s: gone away, or too slow to serve").build());
    }

    /**
     * Health is DOWN while the store is out of sight, yet triage and search go on answering from memory, marked
     * stale: a node cut off from the store serves an old queue, and only this gauge lets an alert say so.
     */
    @Bean
    MeterBinder storeReachable(StoreSight store) {
        return registry -> Gauge.builder("aftermath.store.reachable", store, sight -> sight.inSight() ? 1 : 0)
                .description("1 while the driver sees a writable server of the store, 0 while it is out of sight")
                .register(registry);
    }

    /**
     * The ledger and the tokens acknowledge only what a majority of a replica set journaled, and read
     * only what cannot be rolled back, whatever the URI says for read models.
     */
    private static MongoDatabase durable(MongoDatabase database) {
        return database.withWriteConcern(WriteConcern.MAJORITY.withJournal(true)).withReadConcern(ReadConcern.MAJORITY);
    }

    /** Lets the MongoClient depend on the embedded server (or on its absence) and close after it. */
    record EmbeddedMongoHolder(EmbeddedMongoServer server) implements AutoCloseable {

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
