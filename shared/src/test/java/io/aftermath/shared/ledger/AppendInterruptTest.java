package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An interrupted append either leaves nothing behind or gets its real answer, never an interrupt
 * while its commit may still be written; a writer's interrupt never costs the other commits of its
 * batch.
 */
class AppendInterruptTest {

    private final HeldBatches ledger = new HeldBatches(DurabilityBarrier.NONE);

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void a_caller_interrupted_before_its_commit_is_sealed_takes_it_back() throws Exception {
        AppendingThread first = ledger.holdFirst();
        AppendingThread abandoning = ledger.start("b").awaitQueued();
        abandoning.thread().interrupt();

        assertThatThrownBy(() -> abandoning.appended().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(EventStoreException.class).hasMessageContaining("nothing was appended");
        ledger.letGo();
        first.appended().get(10, TimeUnit.SECONDS);
        ledger.engine().appendEvents(events("c", 0, 1));

        assertThat(ledger.aggregatesInTheLog()).containsExactly("a", "c");
    }

    @Test
    void a_caller_interrupted_after_its_commit_was_sealed_gets_the_answer_and_keeps_the_interrupt() throws Exception {
        HeldBatches.FirstAndPair appends = ledger.holdFirstAndPair();
        AppendingThread waiting = appends.waiting().awaitQueued();
        waiting.thread().interrupt();

        ledger.letGo();
        for (AppendingThread appending : appends.all()) {
            appending.appended().get(10, TimeUnit.SECONDS);
        }

        assertThat(waiting.endedInterrupted()).isTrue();
        assertThat(ledger.aggregatesInTheLog()).containsExactly("a", "b", "c");
    }

    @Test
    void a_writer_interrupted_while_its_batch_is_on_its_way_writes_all_of_it_and_keeps_the_interrupt() throws Exception {
        HeldBatches.FirstAndPair appends = ledger.holdFirstAndPair();
        appends.writer().thread().interrupt();

        ledger.letGo();
        for (AppendingThread appending : appends.all()) {
            appending.appended().get(10, TimeUnit.SECONDS);
        }
        ledger.engine().appendEvents(events("d", 0, 1));

        assertThat(appends.writer().endedInterrupted()).isTrue();
        assertThat(ledger.aggregatesInTheLog()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void a_caller_already_interrupted_writes_its_commit_and_keeps_the_interrupt() {
        Thread.currentThread().interrupt();
        try {
            ledger.engine().appendEvents(events("a", 0, 1));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(ledger.aggregatesInTheLog()).containsExactly("a");
    }
}
