package io.aftermath.shared.ledger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;

import com.mongodb.MongoInterruptedException;

/**
 * Reads a run of contiguous units (commits by position, or a stream's chunks by sequence) window by
 * window, starting wherever the caller's position falls, even inside a unit. Units are contiguous by
 * construction, so the first missing one marks the end: a reader never skips over a hole.
 */
abstract class ContiguousReader extends Spliterators.AbstractSpliterator<LedgerEventData> {

    /** How far before the start position the first window looks, to find a unit begun earlier. */
    private static final int LOOKBACK = 16;
    private static final int MAX_WINDOW = 1024;
    /**
     * Windows asked for ahead of the one being handed out. Two keep the store encoding one while the
     * next is decoded and the caller works through a third, where one left part of a core idle.
     */
    private static final int WINDOWS_AHEAD = 2;

    private final Deque<LedgerEventData> buffer = new ArrayDeque<>();
    private final boolean growWindow;
    private final Executor readAhead;
    private final Deque<Window> ahead = new ArrayDeque<>();
    private long next;
    private int window;
    private boolean boundaryKnown;
    private boolean exhausted;

    /** The units starting in [from, from + size), asked for now or, ahead of need, on the way. */
    private record Window(long from, int size, CompletableFuture<List<StoredCommit>> units) {

        long end() {
            return from + size;
        }

        boolean holdsStartOf(long position) {
            return from <= position && position < end();
        }
    }

    /**
     * @param readAhead where the next windows are fetched while the caller works through this one (so
     *                  the store answers and the caller decodes at the same time), or null to fetch
     *                  each window only when it is needed
     */
    ContiguousReader(long start, int window, boolean growWindow, Executor readAhead) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.next = start;
        this.window = window;
        this.growWindow = growWindow;
        this.readAhead = readAhead;
        this.boundaryKnown = start == 0;
    }

    Stream<LedgerEventData> stream() {
        return StreamSupport.stream(this, false);
    }

    /** Units whose start lies in [from, from + size), in ascending order. */
    abstract List<StoredCommit> window(long from, int size);

    abstract long start(StoredCommit unit);

    abstract long end(StoredCommit unit);

    /** The unit holding this position however far back it begins. */
    abstract Optional<StoredCommit> containing(long target);

    /** The unit's events from this position on, in order. */
    abstract void emit(StoredCommit unit, long from, Consumer<LedgerEventData> sink);

    /**
     * A unit was found starting at {@code later}, beyond {@code missing}, which no unit holds. The run ends
     * at {@code missing} either way; a reader for which that can only mean lost data refuses to end it quietly.
     */
    void beyondGap(long missing, long later) {
    }

    @Override
    public boolean tryAdvance(Consumer<? super LedgerEventData> action) {
        if (buffer.isEmpty() && !exhausted) {
            fill();
        }
        LedgerEventData event = buffer.poll();
        if (event == null) {
            return false;
        }
        action.accept(event);
        return true;
    }

    private void fill() {
        long from = boundaryKnown ? next : Math.max(0, next - LOOKBACK);
        Window fetched;
        List<StoredCommit> found;
        try {
            fetched = fetch(from, window + (int) (next - from));
            found = join(fetched);
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            // A window holding a unit changed out of the ledger's shape fails whole: one just before the start
            // failed every read from the head (each processor, and Axon's shared reader ten times a second),
            // one further on every read that would have stopped before it.
            ahead.clear();
            if (from == next) {
                readSinglyUpTo(unreadable);
            } else {
                findStartSingly(unreadable);
                if (buffer.isEmpty()) {
                    fill();
                }
            }
            return;
        }
        int first = indexCovering(found);
        if (first < 0) {
            if (!boundaryKnown && found.stream().noneMatch(unit -> end(unit) == next)) {
                containing(next).ifPresent(unit -> emitFrom(List.of(unit), 0, Long.MIN_VALUE));
            }
            exhausted = buffer.isEmpty();
            if (exhausted) {
                found.stream().mapToLong(this::start).filter(start -> start > next).findFirst()
                        .ifPresent(later -> beyondGap(next, later));
            }
            return;
        }
        emitFrom(found, first, fetched.end());
        if (growWindow && !exhausted) {
            window = Math.min(window * 2, MAX_WINDOW);
        }
        if (readAhead != null && !exhausted) {
            askAhead();
        }
    }

    /**
     * Looks back from the start one key at a time for the unit holding it: a unit that cannot be read
     * before a readable one that holds or ends before the start is not this read's to decode, while one
     * that may hold the start stops the read with the reason it cannot be read.
     */
    private void findStartSingly(RuntimeException unreadable) {
        for (long position = next; position >= Math.max(0, next - LOOKBACK); position--) {
            OptionalLong end = endOfUnitAt(position);
            if (end.isPresent()) {
                if (end.getAsLong() > next) {
                    StoredCommit unit = window(position, 1).get(0);
                    emit(unit, next, buffer::add);
                    next = end(unit);
                }
                boundaryKnown = true;
                return;
            }
        }
        throw unreadable;
    }

    /**
     * Hands out, one key at a time, the units up to the first that cannot be read; the read fails only
     * once its caller asks for that one.
     */
    private void readSinglyUpTo(RuntimeException unreadable) {
        long position = next;
        while (true) {
            List<StoredCommit> found;
            try {
                found = window(position, 1);
            } catch (BsonInvalidOperationException | BsonSerializationException here) {
                break;
            }
            if (found.isEmpty()) {
                exhausted = position == next;
                break;
            }
            emit(found.get(0), next, buffer::add);
            position = end(found.get(0));
        }
        if (position == next && !exhausted) {
            throw unreadable;
        }
        next = position;
    }

    /** Where the unit starting at {@code key} ends, if one starts there. */
    OptionalLong endOfUnitAt(long key) {
        return window(key, 1).stream().mapToLong(this::end).findFirst();
    }

    /**
     * Keeps the next windows on their way, each starting where the one before ends. A window read
     * early may end sooner than one read later; the run then just ends there.
     */
    private void askAhead() {
        while (!ahead.isEmpty() && ahead.peekFirst().end() <= next) {
            ahead.poll();
        }
        long from = ahead.isEmpty() ? next : ahead.peekLast().end();
        while (ahead.size() < WINDOWS_AHEAD) {
            long windowFrom = from;
            int size = window;
            ahead.add(new Window(windowFrom, size, CompletableFuture.supplyAsync(() -> window(windowFrom, size),
                    readAhead)));
            from += size;
        }
    }

    /**
     * The window asked for ahead that holds the start of {@code from} (a commit running past a
     * window's end moves the next read into the following window), else one read now.
     */
    private Window fetch(long from, int size) {
        Window early;
        while ((early = ahead.poll()) != null) {
            if (early.holdsStartOf(from)) {
                return early;
            }
        }
        return new Window(from, size, CompletableFuture.completedFuture(window(from, size)));
    }

    /**
     * Waits for the window, as long as the thread is not interrupted: a read cut because the store went
     * ({@code CuttableReads}) must not wait for a window asked for ahead, whose read, on a thread of its
     * own, waits out the driver's server selection (tester 63: a release's events ended 30-43 s after the
     * store did). That read ends on its own; nobody waits for it any more.
     */
    private static List<StoredCommit> join(Window window) {
        try {
            return window.units().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MongoInterruptedException("Interrupted while waiting for a window of the log read ahead", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private int indexCovering(List<StoredCommit> found) {
        for (int i = 0; i < found.size(); i++) {
            StoredCommit unit = found.get(i);
            if (start(unit) <= next && next < end(unit)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Emits contiguous units from index {@code first}. The run is over when a unit is missing, or when
     * the next unit would have started inside the window asked for and was not there.
     */
    private void emitFrom(List<StoredCommit> units, int first, long windowEnd) {
        long expected = start(units.get(first));
        int i = first;
        for (; i < units.size() && start(units.get(i)) == expected; i++) {
            emit(units.get(i), next, buffer::add);
            expected = end(units.get(i));
        }
        if (i < units.size()) {
            beyondGap(expected, start(units.get(i)));
        }
        exhausted = expected < windowEnd;
        next = expected;
        boundaryKnown = true;
    }
}
