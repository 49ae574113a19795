package io.aftermath.shared.ledger;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.eventhandling.DomainEventMessage;

/** One append on a thread of its own, noting whether the thread ended interrupted. */
record AppendingThread(Thread thread, CompletableFuture<Void> appended, AtomicBoolean endedInterrupted) {

    static AppendingThread start(MongoLedgerStorageEngine engine, List<DomainEventMessage<?>> commit) {
        CompletableFuture<Void> appended = new CompletableFuture<>();
        AtomicBoolean endedInterrupted = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                engine.appendEvents(commit);
                endedInterrupted.set(Thread.currentThread().isInterrupted());
                appended.complete(null);
            } catch (RuntimeException e) {
                appended.completeExceptionally(e);
            }
        });
        thread.start();
        return new AppendingThread(thread, appended, endedInterrupted);
    }

    /** Waits until the appender parks, which it does only once its commit is queued. */
    AppendingThread awaitQueued() {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.TIMED_WAITING
                || thread.getState() == Thread.State.WAITING);
        return this;
    }
}
