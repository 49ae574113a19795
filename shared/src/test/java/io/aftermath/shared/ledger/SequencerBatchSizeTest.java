package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * With nothing in flight a batch goes at once; beside one in flight it waits for two commits, or, with
 * many callers, for their share of the pipeline (callers / pipeline depth), so that many writers share
 * round trips instead of sending pairs.
 */
class SequencerBatchSizeTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Sequencer sequencer = new Sequencer(null, new StreamTails(100), LedgerSettings.soleWriter(),
            Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), 0, Instant.EPOCH);
    private final Deque<PendingCommit> queue = new ArrayDeque<>();
    private int streams;

    @Test
    void a_lone_commit_goes_at_once_when_nothing_is_in_flight() {
        queueCommits(1);

        assertThat(commitsIn(sequencer.nextBatch(queue, 16))).isEqualTo(1);
    }

    @Test
    void beside_a_batch_in_flight_four_callers_send_pairs() {
        inFlightAlready();
        queueCommits(1);

        assertThat(sequencer.nextBatch(queue, 4)).isNull();

        queueCommits(1);
        assertThat(commitsIn(sequencer.nextBatch(queue, 4))).isEqualTo(2);
    }

    @Test
    void beside_a_batch_in_flight_sixteen_callers_wait_for_their_share_of_the_pipeline() {
        inFlightAlready();
        queueCommits(4);

        assertThat(sequencer.nextBatch(queue, 16)).isNull();
        assertThat(queue).hasSize(4);

        queueCommits(1);
        assertThat(commitsIn(sequencer.nextBatch(queue, 16))).isEqualTo(5);
    }

    @Test
    void commits_short_of_the_share_go_once_the_batch_in_flight_is_settled() {
        Sequencer.Batch first = inFlightAlready();
        queueCommits(2);
        assertThat(sequencer.nextBatch(queue, 16)).isNull();

        sequencer.settle(first);

        assertThat(commitsIn(sequencer.nextBatch(queue, 16))).isEqualTo(2);
    }

    private Sequencer.Batch inFlightAlready() {
        queueCommits(1);
        return sequencer.nextBatch(queue, 1);
    }

    private void queueCommits(int count) {
        for (int i = 0; i < count; i++) {
            String stream = "stream-" + streams++;
            queue.add(PendingCommit.of(List.of(PendingEvents.fromTrees("event-" + stream, "Ticket", stream, 0,
                    Instant.EPOCH, new SimpleSerializedType("Noted", null), NODES.objectNode(), NODES.objectNode()))));
        }
    }

    private static int commitsIn(Sequencer.Batch batch) {
        return batch.documents().stream().mapToInt(document -> document.parts().size()).sum();
    }
}
