package io.aftermath.shared.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;


/**
 * One aggregate's events in sequence order. Its chunks are found through the unique stream keys, in
 * windows that grow while the stream goes on, so a short stream costs one lookup. A stream never has a
 * gap while its commits are being written (its next event is appended only once the one before is
 * acknowledged), so a chunk found beyond a missing one means a removed commit, and the read fails.
 */
final class StreamReader extends ContiguousReader {

    private final CommitLog commitLog;
    private final String aggregateId;
    private final int window;
    private final StreamTails tails;

    StreamReader(CommitLog commitLog, String aggregateId, long firstSequence, int window, StreamTails tails) {
        super(firstSequence, window, true, null);
        this.commitLog = commitLog;
        this.aggregateId = aggregateId;
        this.window = window;
        this.tails = tails;
    }

    @Override
    List<StoredCommit> window(long from, int size) {
        return commitLog.chunksStartingIn(aggregateId, from, size);
    }

    @Override
    long start(StoredCommit unit) {
        return unit.eventsOf(aggregateId).get(0).sequence();
    }

    @Override
    long end(StoredCommit unit) {
        List<EventDocument> chunk = unit.eventsOf(aggregateId);
        return chunk.get(chunk.size() - 1).sequence() + 1;
    }

    @Override
    Optional<StoredCommit> containing(long target) {
        return commitLog.containingSequence(aggregateId, target, window);
    }

    @Override
    void beyondGap(long missing, long later) {
        throw new IncompleteStreamException(aggregateId, missing, later);
    }

    @Override
    void emit(StoredCommit unit, long from, Consumer<LedgerEventData> sink) {
        EventDocument last = null;
        for (EventDocument event : unit.eventsOf(aggregateId)) {
            if (event.sequence() >= from) {
                sink.accept(LedgerEventData.domain(event));
            }
            last = event;
        }
        if (last != null) {
            tails.advance(aggregateId, last.sequence(), last.hash());
        }
    }
}
