package io.aftermath.shared.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.bson.BsonDocument;

/** The whole log in position order, from just after a tracking token. */
final class PositionReader extends ContiguousReader {

    private final CommitLog commitLog;
    private final int window;

    PositionReader(CommitLog commitLog, long start, int window) {
        super(start, window, false);
        this.commitLog = commitLog;
        this.window = window;
    }

    @Override
    List<StoredCommit> window(long from, int size) {
        return commitLog.startingIn(from, size);
    }

    @Override
    long start(StoredCommit unit) {
        return unit.position();
    }

    @Override
    long end(StoredCommit unit) {
        return unit.end();
    }

    @Override
    Optional<StoredCommit> containing(long target) {
        return commitLog.containing(target, window);
    }

    @Override
    void emit(StoredCommit unit, long from, Consumer<LedgerEventData> sink) {
        long position = unit.position();
        for (BsonDocument event : unit.events()) {
            if (position++ >= from) {
                sink.accept(LedgerEventData.of(event));
            }
        }
    }
}
