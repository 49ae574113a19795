package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** A stopped log keeps the reason it first stopped for, and refuses every queued commit with it. */
class SequencerStopTest {

    private final Sequencer sequencer = new Sequencer(null, null, LedgerSettings.defaults(), Clock.systemUTC(), 0,
            Instant.EPOCH);

    @Test
    void the_first_reason_stays_and_later_ones_are_not_reported_again() {
        IllegalStateException journalFailed = new IllegalStateException("The journal failed.");

        assertThat(sequencer.stop(journalFailed)).isTrue();
        assertThat(sequencer.stop(new IllegalStateException("A batch in flight was not durable either.")))
                .isFalse();

        assertThat(sequencer.stopped()).containsSame(journalFailed);
    }

    @Test
    void queued_commits_are_refused_with_the_first_reason() {
        sequencer.stop(new IllegalStateException("The journal failed."));
        sequencer.stop(new IllegalStateException("A batch in flight was not durable either."));
        PendingCommit queued = PendingCommit.of(List.of());
        Deque<PendingCommit> queue = new ArrayDeque<>(List.of(queued));

        assertThat(sequencer.nextBatch(queue, 1)).isNull();

        assertThat(queue).isEmpty();
        assertThat(queued.acknowledged()).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("The journal failed.");
    }
}
