package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.eventhandling.DomainEventMessage;

/** Holds the next batch in its barrier, before it is acknowledged, until let go. */
final class HeldBarrier implements DurabilityBarrier {

    private final AtomicBoolean holding = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void hold() {
        holding.set(true);
    }

    void awaitHeld() throws InterruptedException {
        assertThat(reached.await(10, TimeUnit.SECONDS)).as("the held batch reached its barrier").isTrue();
    }

    void letGo() {
        released.countDown();
    }

    /**
     * Appends "a" and holds it in this barrier, then starts the other commits one at a time, each once
     * the one before waits in the queue (an appender parks only after queueing its commit), so they queue
     * in the order given; lets "a" go when all of them wait. With one batch in flight, the later commits
     * then go out together as the next batch.
     */
    @SafeVarargs
    final List<CompletableFuture<Void>> appendWhileTheFirstIsHeld(MongoLedgerStorageEngine engine,
                                                                  List<DomainEventMessage<?>>... later)
            throws InterruptedException {
        hold();
        CompletableFuture<Void> first = AppendingThread.start(engine, events("a", 0, 1)).appended();
        awaitHeld();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (List<DomainEventMessage<?>> commit : later) {
            appends.add(AppendingThread.start(engine, commit).awaitQueued().appended());
        }
        letGo();
        first.join();
        return appends;
    }

    @Override
    public void makeDurable() {
        if (holding.compareAndSet(true, false)) {
            reached.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
