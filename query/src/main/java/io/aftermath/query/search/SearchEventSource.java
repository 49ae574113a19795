package io.aftermath.query.search;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import io.aftermath.query.projection.Positions;

/**
 * The log as the search processor reads it: each event it takes is noted in the index, whether a handler
 * wants it or not, so the commit after a batch names the event its position ends at
 * ({@link IndexCommit#lastEvent()}) without asking the store. Handlers see only the events they handle,
 * and the last event of a batch is mostly one they ignore (a ticket's). Taking an event begins a batch when none
 * is open ({@link SearchBatches}). While the processor waits for events between two batches, it makes the commit
 * that waits for the commit interval, and the sync that waits for the sync interval
 * ({@link SearchIndex#commitReached}), once due.
 */
public class SearchEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> log;
    private final SearchIndex index;
    private final SearchBatches batches;

    public SearchEventSource(StreamableMessageSource<TrackedEventMessage<?>> log, SearchIndex index,
                             SearchBatches batches) {
        this.log = log;
        this.index = index;
        this.batches = batches;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new Noting(log.openStream(token));
    }

    @Override
    public TrackingToken createTailToken() {
        return log.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return log.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return log.createTokenAt(dateTime);
    }

    private final class Noting implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;

        Noting(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            batches.taking();
            TrackedEventMessage<?> event = events.nextAvailable();
            index.took(Positions.of(event.trackingToken()), event.getIdentifier());
            return event;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        /**
         * Axon's processor waits here, with a timeout, only before it takes the first event of a batch; a commit and
         * then its sync may fall due within one wait.
         */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) {
                return events.hasNextAvailable(timeout, unit);
            }
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                long due = index.commitDueInMillis();
                if (due < 0 || due >= leftMillis) {
                    return events.hasNextAvailable((int) Math.max(0, leftMillis), TimeUnit.MILLISECONDS);
                }
                if (due > 0 && events.hasNextAvailable((int) due, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                batches.commitWaiting(index, false);
            }
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignored) {
            events.skipMessagesWithPayloadTypeOf(ignored);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return events.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            try {
                events.close();
            } finally {
                batches.ended();
            }
        }
    }
}
