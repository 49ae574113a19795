package io.aftermath.query.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.QueryProperties;
import io.aftermath.shared.infrastructure.AftermathProperties;
import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.ledger.LedgerTokenStore;
import io.aftermath.shared.node.SettingRange;
import io.aftermath.shared.node.StartRefusedException;
import io.aftermath.query.search.IndexTokenStore;
import io.aftermath.query.search.SearchBatches;
import io.aftermath.query.search.SearchEventSource;
import io.aftermath.query.search.SearchIndex;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The read side's processors, set up in code so the application's YAML needs nothing. Each read model
 * has a tracking processor of its own on the ledger. Tracking rather than pooled streaming: Axon's
 * pooled coordinator, on an event store that cannot call it back when events arrive (the embedded
 * event store cannot), looks for new events only every 500 ms once it has caught up, which put a
 * quarter of a second on every live update; a tracking processor's thread waits on the stream itself.
 * <ul>
 * <li>one segment: a release's totals and timeline take events from many streams, and guarding a
 * document by the position of the last event applied needs those events in log order; one segment is
 * one thread, and which node runs it is decided by the token claim, so query nodes fail over;</li>
 * <li>batches of {@code aftermath.query.processors.batch-size}, each written as one MongoDB write per
 * changed document before the token ({@link ProjectionTransactionManager}); while events flow the token
 * is written at most every {@code aftermath.query.processors.token-interval} ({@link ProjectionTokenStore});</li>
 * <li>handler errors propagate, so a failed batch is retried from its token instead of skipped.</li>
 * </ul>
 * The search index is node-local: its processor keeps its token in the index ({@link IndexTokenStore}), and
 * reads the log through a {@link SearchEventSource}, which tells the index which event that token stands at.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorConfiguration {

    /** How often a processor without its segment searches for it: how soon a segment handed over is taken. */
    static final Duration TOKEN_CLAIM_INTERVAL = Duration.ofSeconds(1);

    @Bean
    ProjectionTransactionManager projectionTransactionManager() {
        return new ProjectionTransactionManager();
    }

    @Bean
    SegmentSearches segmentSearches(NodeStop stop) {
        return new SegmentSearches(stop);
    }

    @Bean
    ProjectionShares projectionShares(AftermathProperties node, Generations generations,
                                      ObjectProvider<EventProcessingConfiguration> processing,
                                      ObjectProvider<MeterRegistry> meters) {
        ProjectionShares shares = new ProjectionShares(node.ledger().claimTimeout(), Clock.systemUTC(),
                projection -> generations.get(projection).rebuilding(),
                (projection, duration) -> processing.getObject()
                        .eventProcessor(projection, StreamingEventProcessor.class)
                        .ifPresent(processor -> processor.releaseSegment(0, duration.toMillis(), TimeUnit.MILLISECONDS)));
        meters.ifAvailable(shares::measure);
        return shares;
    }

    @Bean
    QueryNodes queryNodes(MongoDatabase database, LedgerTokenStore tokens, AftermathProperties node,
                          ProjectionShares shares, NodeStop stop) {
        return new QueryNodes(database, tokens.nodeId(), node.ledger().claimTimeout(), Clock.systemUTC(), shares, stop);
    }

    @Bean
    ConfigurerModule projectionProcessors(QueryProperties properties, AftermathProperties node, TokenStore tokenStore,
                                          TokenWrites tokenWrites, ProjectionTransactionManager transactions,
                                          SearchIndex searchIndex, SegmentSearches segmentSearches,
                                          ProjectionShares shares, Generations generations, BatchGates gates) {
        QueryProperties.Processors tuning = properties.processors();
        refuseClaimsThatLapse(tuning, node.ledger());
        refuseStaleBeforeRenewal(properties);
        StoreOutageLogs.install();
        ProjectionTokenStore shared = new ProjectionTokenStore(tokenStore, tuning.tokenInterval(), tokenWrites,
                segmentSearches, shares, generations::refresh);
        SearchBatches searchBatches = new SearchBatches(gates);
        IndexTokenStore local = new IndexTokenStore(searchIndex, searchBatches);
        return configurer -> configurer.eventProcessing(processing -> {
            for (String name : ProjectionNames.ALL) {
                boolean search = ProjectionNames.SEARCH.equals(name);
                processing.registerTrackingEventProcessor(name,
                                configuration -> search
                                        ? new SearchEventSource(ledger(configuration), searchIndex, searchBatches)
                                        : ledger(configuration),
                                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andInitialSegmentsCount(1)
                                        .andBatchSize(tuning.batchSize())
                                        .andEventAvailabilityTimeout(tuning.claimExtension().toMillis(),
                                                TimeUnit.MILLISECONDS)
                                        .andTokenClaimInterval(TOKEN_CLAIM_INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                        .registerTokenStore(name, configuration -> search ? local : shared)
                        .registerListenerInvocationErrorHandler(name, configuration -> PropagatingErrorHandler.instance());
                // Axon stores a tracking processor's token before the batch when it has a transaction manager,
                // after it otherwise: the MongoDB projections defer that store past their writes (see
                // ProjectionTokenStore); the search index must commit after its batch, so it has none (its batches
                // pass the gate through SearchBatches).
                processing.registerTransactionManager(name,
                        configuration -> search ? NoTransactionManager.instance() : gates.gated(name, transactions));
            }
        });
    }

    /**
     * An idle processor renews its claim once per claim extension: a claim that times out sooner lapses
     * while its owner is alive, and another node takes the segment and processes it at the same time.
     */
    public static void refuseClaimsThatLapse(QueryProperties.Processors tuning, AftermathProperties.Ledger ledger) {
        if (tuning.claimExtension().compareTo(ledger.claimTimeout()) >= 0) {
            throw new StartRefusedException("aftermath.query.processors.claim-extension="
                    + SettingRange.print(tuning.claimExtension()) + " is not shorter than aftermath.ledger.claim-timeout="
                    + SettingRange.print(ledger.claimTimeout()) + ": a processor's claim would lapse before it renews "
                    + "it; keep claim-extension well below claim-timeout");
        }
    }

    /**
     * A node that does not run a projection learns its position from its owner, which records it at least once per
     * claim extension when no event it handles comes: a read would say stale in between, and a stream end for it.
     */
    public static void refuseStaleBeforeRenewal(QueryProperties query) {
        if (query.staleAfter().compareTo(query.processors().claimExtension()) <= 0) {
            throw new StartRefusedException("aftermath.query.stale-after=" + SettingRange.print(query.staleAfter())
                    + " is not longer than aftermath.query.processors.claim-extension="
                    + SettingRange.print(query.processors().claimExtension()) + ": reads of a projection another node "
                    + "runs would say stale while it is current; keep stale-after well above claim-extension");
        }
    }

    @SuppressWarnings("unchecked")
    private static StreamableMessageSource<TrackedEventMessage<?>> ledger(org.axonframework.config.Configuration c) {
        return (StreamableMessageSource<TrackedEventMessage<?>>) (StreamableMessageSource<?>) c.eventStore();
    }
}
