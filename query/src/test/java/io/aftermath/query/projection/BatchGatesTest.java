package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's switch holds the live processor between two batches: the batch in flight ends, the next waits, and
 * the switch knows where the last committed batch left the processor.
 */
class BatchGatesTest {

    private static final String TICKETS = ProjectionNames.TICKETS;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BatchGates gates = new BatchGates();
    private final TransactionManager live = gates.gated(TICKETS, new ProjectionTransactionManager());

    @AfterEach
    void openAndStop() {
        gates.open(TICKETS);
        threads.shutdownNow();
    }

    @Test
    void a_closed_gate_holds_the_next_batch_until_it_opens() throws Exception {
        assertThat(gates.close(TICKETS, 1_000)).isTrue();

        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> live.startTransaction().commit(), threads);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !batch.isDone());
        gates.open(TICKETS);
        batch.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closing_waits_for_the_batch_in_flight_and_gives_up_when_it_does_not_end() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        CompletableFuture<Void> inFlight = batchInFlight(end, () -> { });

        assertThat(gates.close(TICKETS, 100)).isFalse();
        // Given up, the gate is open: another batch passes.
        CompletableFuture.runAsync(() -> live.startTransaction().commit(), threads).get(5, TimeUnit.SECONDS);

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> close(5_000), threads);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
        end.countDown();
        assertThat(closing.get(5, TimeUnit.SECONDS)).isTrue();
        inFlight.get(5, TimeUnit.SECONDS);
    }

    @Test
    void the_processor_stands_where_its_last_committed_batch_handed_its_store_not_where_a_rolled_back_one_did() {
        assertThat(gates.committedTo(TICKETS)).isZero();

        Transaction committed = live.startTransaction();
        ProjectionBatch.CURRENT.get().handed(new GlobalSequenceTrackingToken(41));
        committed.commit();
        Transaction rolledBack = live.startTransaction();
        ProjectionBatch.CURRENT.get().handed(new GlobalSequenceTrackingToken(99));
        rolledBack.rollback();
        live.startTransaction().commit();

        assertThat(gates.committedTo(TICKETS)).isEqualTo(42);
    }

    /** A batch running a transaction of its own inside, while the switch waits for it to end, would wait on itself. */
    @Test
    void a_transaction_inside_a_batch_passes_a_gate_closing_behind_the_batch() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CompletableFuture<Void> batch = batchInFlight(closing, () -> live.startTransaction().commit());

        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        Thread closer = new Thread(() -> closed.complete(close(5_000)));
        closer.start();
        // Waiting for the batch in flight, with the gate already closed to any other.
        await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        closing.countDown();

        batch.get(5, TimeUnit.SECONDS);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_gate_holds_only_its_own_projection() throws Exception {
        TransactionManager other = gates.gated(ProjectionNames.TRIAGE, new ProjectionTransactionManager());
        assertThat(gates.close(TICKETS, 1_000)).isTrue();

        CompletableFuture.runAsync(() -> other.startTransaction().commit(), threads).get(5, TimeUnit.SECONDS);
    }

    /**
     * A live batch begun on another thread, in flight when this returns; once {@code go} opens, it runs {@code last}
     * and commits.
     */
    private CompletableFuture<Void> batchInFlight(CountDownLatch go, Runnable last) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> {
            Transaction transaction = live.startTransaction();
            started.countDown();
            awaitQuietly(go);
            last.run();
            transaction.commit();
        }, threads);
        started.await();
        return batch;
    }

    private boolean close(long timeoutMillis) {
        try {
            return gates.close(TICKETS, timeoutMillis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
