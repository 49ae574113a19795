package io.aftermath.shared.web.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AdmissionTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void runs_as_many_as_allowed_and_queues_the_next_in_arrival_order() {
        Admission admission = new Admission(2, 2);
        Admission.Ticket first = admission.enter();
        Admission.Ticket second = admission.enter();
        Admission.Ticket third = admission.enter();
        Admission.Ticket fourth = admission.enter();

        StepVerifier.create(first.admitted(LONG)).expectNext(true).verifyComplete();
        StepVerifier.create(second.admitted(LONG)).expectNext(true).verifyComplete();
        assertThat(admission.running()).isEqualTo(2);
        assertThat(admission.waiting()).isEqualTo(2);

        StepVerifier.create(third.admitted(LONG))
                .then(first::leave)
                .expectNext(true)
                .verifyComplete();
        StepVerifier.create(fourth.admitted(LONG))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(50))
                .then(second::leave)
                .expectNext(true)
                .verifyComplete();
        assertThat(admission.waiting()).isZero();
        assertThat(admission.running()).isEqualTo(2);
    }

    @Test
    void turns_away_at_once_when_the_queue_is_full() {
        Admission admission = new Admission(1, 1);
        admission.enter();
        admission.enter();
        Admission.Ticket turnedAway = admission.enter();

        StepVerifier.create(turnedAway.admitted(LONG)).expectNext(false).verifyComplete();
        assertThat(turnedAway.refusal()).isEqualTo(Admission.Refusal.QUEUE_FULL);
        turnedAway.leave();
        assertThat(admission.running()).isOne();
        assertThat(admission.waiting()).isOne();
    }

    @Test
    void a_queue_of_zero_turns_away_whatever_finds_every_place_taken() {
        Admission admission = new Admission(1, 0);
        admission.enter();

        StepVerifier.create(admission.enter().admitted(LONG)).expectNext(false).verifyComplete();
    }

    @Test
    void one_that_waits_too_long_is_refused_and_leaves_the_queue() {
        Admission admission = new Admission(1, 4);
        Admission.Ticket running = admission.enter();
        Admission.Ticket waiting = admission.enter();

        StepVerifier.create(waiting.admitted(Duration.ofMillis(50))).expectNext(false).verifyComplete();
        assertThat(waiting.refusal()).isEqualTo(Admission.Refusal.WAITED_TOO_LONG);
        waiting.leave();
        assertThat(admission.waiting()).isZero();
        running.leave();
        assertThat(admission.running()).isZero();
    }

    /** The turn came after the waiter had stopped listening: its leaving hands the place on, not loses it. */
    @Test
    void a_turn_handed_to_one_that_gave_up_is_passed_on() {
        Admission admission = new Admission(1, 4);
        Admission.Ticket running = admission.enter();
        Admission.Ticket gaveUp = admission.enter();
        Disposable listening = gaveUp.admitted(LONG).subscribe();
        Admission.Ticket next = admission.enter();

        listening.dispose();
        running.leave();
        StepVerifier.create(next.admitted(LONG)).expectSubscription().expectNoEvent(Duration.ofMillis(50))
                .then(gaveUp::leave)
                .expectNext(true)
                .verifyComplete();
        next.leave();
        assertThat(admission.running()).isZero();
    }

    @Test
    void leaving_twice_frees_one_place() {
        Admission admission = new Admission(2, 0);
        Admission.Ticket ticket = admission.enter();
        admission.enter();

        ticket.leave();
        ticket.leave();

        assertThat(admission.running()).isOne();
    }

    /**
     * Seeded random loop: 16 threads enter, wait with short or long limits, give up listening at random, run a
     * moment and leave. Never more than the allowed run at once, and at the end no place is held or lost.
     */
    @Test
    void under_contention_never_more_run_than_allowed_and_no_place_is_lost() throws Exception {
        Admission admission = new Admission(3, 5);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Random random = new Random(7_919L * t);
            done.add(threads.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    Admission.Ticket ticket = admission.enter();
                    try {
                        Duration limit = Duration.ofMillis(random.nextInt(3));
                        Boolean turn = random.nextInt(10) == 0
                                ? ticket.admitted(LONG).timeout(Duration.ofMillis(1), Mono.just(false)).block()
                                : ticket.admitted(limit).block();
                        if (Boolean.TRUE.equals(turn)) {
                            admitted.incrementAndGet();
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        }
                    } finally {
                        ticket.leave();
                    }
                }
                return null;
            }));
        }
        for (Future<?> each : done) {
            each.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(most.get()).isBetween(1, 3);
        assertThat(admitted.get()).isPositive();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(admission.running()).isZero();
            assertThat(admission.waiting()).isZero();
        });
        List<Admission.Ticket> all = List.of(admission.enter(), admission.enter(), admission.enter());
        for (Admission.Ticket ticket : all) {
            StepVerifier.create(ticket.admitted(Duration.ZERO)).expectNext(true).verifyComplete();
        }
    }
}
