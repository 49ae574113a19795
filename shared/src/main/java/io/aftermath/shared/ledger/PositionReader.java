package io.aftermath.shared.ledger;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.aftermath.shared.infrastructure.DaemonThreads;

/**
 * The whole log in position order, from just after a tracking token. The next two windows are asked
 * for while the caller still works through the current one: a replay then keeps the store, the
 * driver's decoding and the caller busy at once instead of taking turns. A window that comes back
 * full is followed by one twice as large: a replay pays fewer round trips, while a reader at the
 * head keeps asking for the first size.
 */
final class PositionReader extends ContiguousReader {

    private static final Executor READ_AHEAD = Executors.newCachedThreadPool(DaemonThreads.named("ledger-read-ahead"));

    private final CommitLog commitLog;
    private final int window;
    private final long end;

    PositionReader(CommitLog commitLog, long start, int window) {
        this(commitLog, start, window, Long.MAX_VALUE);
    }

    /** @param end no commit starting at or after it is read (one begun before it is read whole) */
    PositionReader(CommitLog commitLog, long start, int window, long end) {
        super(start, window, true, READ_AHEAD);
        this.commitLog = commitLog;
        this.window = window;
        this.end = end;
    }

    @Override
    List<StoredCommit> window(long from, int size) {
        return from >= end ? List.of() : commitLog.startingIn(from, (int) Math.min(size, end - from));
    }

    @Override
    long start(StoredCommit unit) {
        return unit.position();
    }

    @Override
    long end(StoredCommit unit) {
        return unit.end();
    }

    /** Read from the commit's {@code _id} and {@code count} alone, so one changed elsewhere does not stop the search. */
    @Override
    OptionalLong endOfUnitAt(long key) {
        return commitLog.spansStartingIn(key, 1).stream().mapToLong(CommitLog.Span::end).findFirst();
    }

    @Override
    Optional<StoredCommit> containing(long target) {
        return commitLog.containing(target, window);
    }

    @Override
    void emit(StoredCommit unit, long from, Consumer<LedgerEventData> sink) {
        long position = unit.position();
        for (EventDocument event : unit.events()) {
            if (position++ >= from) {
                sink.accept(LedgerEventData.of(event));
            }
        }
    }
}
