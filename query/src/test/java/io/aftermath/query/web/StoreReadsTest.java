package io.aftermath.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.support.Defaults;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.infrastructure.CuttableReads;
import io.aftermath.shared.mongo.StoreSight;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.test.StepVerifier;

class StoreReadsTest {

    private final AtomicBoolean inSight = new AtomicBoolean(true);
    /** Not a mock: the pool's threads ask it while the test changes it. */
    private final StoreSight store = new StoreSight(null) {
        @Override
        public boolean inSight() {
            return inSight.get();
        }
    };
    private final CountDownLatch hung = new CountDownLatch(1);
    private StoreReads reads;

    /** The read caught by the "hang" ends on its own, rather than interrupted by the pool's shutdown. */
    @AfterEach
    void release() {
        hung.countDown();
        reads.destroy();
    }

    @Test
    void a_read_runs_on_the_pool_of_store_reads_not_on_reactors_shared_one() {
        reads = reads(2, 10);

        StepVerifier.create(reads.call(() -> Thread.currentThread().getName()))
                .assertNext(thread -> assertThat(thread).startsWith("aftermath-store-read-"))
                .verifyComplete();
    }

    @Test
    void a_read_asked_for_while_the_store_is_out_of_sight_is_refused_without_running() {
        reads = reads(2, 10);
        inSight.set(false);
        AtomicBoolean ran = new AtomicBoolean();

        StepVerifier.create(reads.call(() -> ran.getAndSet(true)))
                .expectErrorSatisfies(error -> assertRefused(error, ErrorCode.STORE_UNAVAILABLE))
                .verify(Duration.ofSeconds(5));
        assertThat(ran).isFalse();
    }

    /** Tester 56: reads queued behind reads caught by a hang waited out the driver's server selection too. */
    @Test
    void a_read_whose_turn_comes_after_the_store_went_out_of_sight_is_refused_then() {
        reads = reads(1, 10);
        reads.call(() -> hung.await(30, TimeUnit.SECONDS)).subscribe();
        AtomicBoolean ran = new AtomicBoolean();

        StepVerifier.create(reads.call(() -> ran.getAndSet(true)))
                .expectSubscription()
                .then(() -> {
                    inSight.set(false);
                    hung.countDown();
                })
                .expectErrorSatisfies(error -> assertRefused(error, ErrorCode.STORE_UNAVAILABLE))
                .verify(Duration.ofSeconds(5));
        assertThat(ran).isFalse();
    }

    @Test
    void past_the_threads_and_the_queue_a_read_is_refused_overloaded() {
        reads = reads(1, 0);
        reads.call(() -> hung.await(30, TimeUnit.SECONDS)).subscribe();

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        reads.bindTo(meters);

        StepVerifier.create(reads.call(() -> "never"))
                .expectErrorSatisfies(error -> assertRefused(error, ErrorCode.OVERLOADED))
                .verify(Duration.ofSeconds(5));
        assertThat(meters.get("aftermath.store.reads.refused").functionCounter().count()).isOne();
        assertThat(meters.get("aftermath.store.reads.running").gauge().value()).isOne();
    }

    private StoreReads reads(int threads, int queue) {
        QueryProperties defaults = Defaults.properties();
        return new StoreReads(store, new CuttableReads(store::inSight), new QueryProperties(defaults.sla(), defaults.triage(), defaults.stream(),
                defaults.readYourWrites(), defaults.live(), defaults.processors(), defaults.search(),
                new QueryProperties.StoreReads(threads, queue), defaults.rebuild(), defaults.staleAfter()));
    }

    private static void assertRefused(Throwable error, ErrorCode code) {
        assertThat(error).isInstanceOf(DomainRejection.class);
        assertThat(((DomainRejection) error).code()).isEqualTo(code);
    }
}
