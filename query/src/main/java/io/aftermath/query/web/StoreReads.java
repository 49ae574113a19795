package io.aftermath.query.web;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;
import io.aftermath.shared.web.BoundedScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where reads of MongoDB (the read models, the log) run: a pool of their own, so a store that hangs holds
 * only them. On Reactor's shared boundedElastic pool, twenty reads caught by a hang (each waits the read
 * timeout, then the driver's server selection) took every thread, and triage, search, health and liveness,
 * which need no store, waited behind them for 30-90 s (tester 56). A read is refused at once, 503
 * {@code STORE_UNAVAILABLE}, while the driver sees no writable server: when it is asked for and again when
 * its turn on the pool comes, so reads queued behind a hang end as soon as the driver gives up on the store,
 * and reads under way then stop waiting for it ({@link CuttableReads}).
 */
@Component
public class StoreReads implements DisposableBean, MeterBinder {

    private final StoreSight store;
    private final CuttableReads reads;
    private final BoundedScheduler pool;
    private final AtomicLong refused = new AtomicLong();

    public StoreReads(StoreSight store, CuttableReads reads, QueryProperties properties) {
        this.store = store;
        this.reads = reads;
        this.pool = BoundedScheduler.of("aftermath-store-read", properties.storeReads().threads(),
                properties.storeReads().queue());
    }

    /** Runs a blocking read of MongoDB. */
    public <T> Mono<T> call(Callable<T> read) {
        return Mono.defer(() -> {
                    requireInSight();
                    return Mono.fromCallable(() -> {
                        requireInSight();
                        return reads.call(read);
                    }).subscribeOn(pool.scheduler());
                })
                .onErrorMap(RejectedExecutionException.class, full -> {
                    refused.incrementAndGet();
                    return new DomainRejection(ErrorCode.OVERLOADED,
                            "Too many reads are waiting for the store on this node; retry later");
                });
    }

    /**
     * A read of the log answered as it is written to the client, which may read slowly: on Reactor's
     * boundedElastic pool, so a slow client does not hold a place of this pool's. Each fetch from the store is
     * cut as this pool's reads are.
     */
    public <T> Flux<T> streamed(Supplier<Stream<T>> read) {
        return Flux.fromStream(() -> reads.each(reads.get(read))).subscribeOn(Schedulers.boundedElastic());
    }

    /** Asks a query handler that reads MongoDB (Axon runs it on the asking thread). */
    public <T> Mono<T> ask(Supplier<CompletableFuture<T>> query) {
        return call(query::get).flatMap(Mono::fromFuture);
    }

    /** Refuses, 503 {@code STORE_UNAVAILABLE}, while the driver sees no writable server. */
    public void requireInSight() {
        if (!store.inSight()) {
            throw new DomainRejection(ErrorCode.STORE_UNAVAILABLE, "No store in sight, and this read is answered "
                    + "from it; retry later (triage and search answer from the node itself)");
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("aftermath.store.reads.running", pool, BoundedScheduler::running)
                .description("Reads of MongoDB being answered on this node's pool for them").register(registry);
        Gauge.builder("aftermath.store.reads.waiting", pool, BoundedScheduler::waiting)
                .description("Reads of MongoDB waiting for a thread of that pool").register(registry);
        FunctionCounter.builder("aftermath.store.reads.refused", refused, AtomicLong::get)
                .description("Reads of MongoDB answered 503 OVERLOADED: that pool and its queue were full")
                .register(registry);
    }

    @Override
    public void destroy() {
        pool.scheduler().dispose();
    }
}
