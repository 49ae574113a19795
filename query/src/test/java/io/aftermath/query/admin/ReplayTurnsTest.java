package io.aftermath.query.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ReplayTurnsTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void letGo() {
        release.countDown();
    }

    @Test
    void no_more_batches_run_at_once_than_the_node_has_turns() throws Exception {
        ReplayTurns turns = new ReplayTurns(2);
        holdTurn(turns);
        holdTurn(turns);
        AtomicBoolean ran = new AtomicBoolean();

        Thread third = inTurn(turns, () -> ran.set(true));

        await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilFalse(ran);
        release.countDown();
        third.join(5_000);
        assertThat(ran).isTrue();
    }

    @Test
    void replays_waiting_take_their_turns_in_the_order_they_came() throws Exception {
        ReplayTurns turns = new ReplayTurns(1);
        holdTurn(turns);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread first = inTurn(turns, () -> order.add("first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() == 1);
        Thread second = inTurn(turns, () -> order.add("second"));
        await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() == 2);

        release.countDown();
        first.join(5_000);
        second.join(5_000);

        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void the_node_shows_how_many_replays_wait_for_a_turn() throws Exception {
        ReplayTurns turns = new ReplayTurns(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        turns.bindTo(meters);
        holdTurn(turns);

        inTurn(turns, () -> { });

        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("aftermath.projection.rebuild.waiting").gauge().value() == 1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("aftermath.projection.rebuild.waiting").gauge().value() == 0);
    }

    @Test
    void a_batch_that_fails_gives_its_turn_back() throws Exception {
        ReplayTurns turns = new ReplayTurns(1);

        assertThatThrownBy(() -> turns.take(() -> {
            throw new IllegalStateException("store gone");
        })).hasMessage("store gone");

        Thread next = inTurn(turns, () -> { });
        next.join(5_000);
        assertThat(next.isAlive()).isFalse();
    }

    private void holdTurn(ReplayTurns turns) throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        inTurn(turns, () -> {
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taken.await();
    }

    private static Thread inTurn(ReplayTurns turns, Runnable batch) {
        Thread thread = new Thread(() -> {
            try {
                turns.take(() -> {
                    batch.run();
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
