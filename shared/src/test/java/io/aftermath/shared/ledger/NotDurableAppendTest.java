package io.aftermath.shared.ledger;

import static io.aftermath.shared.ledger.LedgerTestSupport.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that can no longer make writes durable (its journal failed) answers every caller of the
 * batch it was writing, as stored but not durable, and refuses every append after it; no caller is
 * left waiting.
 */
class NotDurableAppendTest {

    private final AtomicBoolean journalFailed = new AtomicBoolean();
    private final HeldBatches ledger = new HeldBatches(() -> {
        if (journalFailed.get()) {
            throw new IllegalStateException("The embedded store's journal failed; writes are not durable");
        }
    });

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void every_caller_of_the_batch_hears_its_commit_is_not_durable_and_appends_stop() throws Exception {
        HeldBatches.FirstAndPair appends = ledger.holdFirstAndPair();
        journalFailed.set(true);

        ledger.letGo();

        for (AppendingThread appending : appends.all()) {
            assertThatThrownBy(() -> appending.appended().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(AppendsStopped.class)
                    .hasMessageContaining("Stored but not durable").hasMessageContaining("journal failed");
        }
        journalFailed.set(false);
        assertThatThrownBy(() -> ledger.engine().appendEvents(events("d", 0, 1))).isInstanceOf(AppendsStopped.class)
                .hasMessageStartingWith("Not stored: The store could not make a write durable")
                .hasMessageContaining("Appends stopped");
        assertThat(ledger.engine().readEvents("d", 0).asStream()).isEmpty();
    }
}
