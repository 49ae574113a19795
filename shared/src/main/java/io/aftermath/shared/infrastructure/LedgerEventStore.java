package io.aftermath.shared.infrastructure;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, whose streams do not wait for events behind ones another stream already stood at.
 * <p>
 * A stream that ran out reading the log on its own follows the store's one shared read of the head. With nothing
 * cached yet (nothing appended since the node started) Axon counts it as following even when it stands behind: the
 * shared read goes on from the first follower, at the head, so a stream held at a missing commit stayed there after
 * the commit was put back, until the next append (tester 154: a rebuild put its switch off every 5 s for minutes).
 * Such a stream is opened again where it stands, which reads the log on its own.
 */
final class LedgerEventStore extends EmbeddedEventStore {

    /** The furthest position a stream of this store stood at: the log holds every event up to it. */
    private final AtomicLong furthest = new AtomicLong(-1);

    private LedgerEventStore(Builder builder) {
        super(builder);
    }

    @Override
    public TrackingEventStream openStream(TrackingToken token) {
        return new Reopening(token);
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    static final class Builder extends EmbeddedEventStore.Builder {

        @Override
        public LedgerEventStore build() {
            return new LedgerEventStore(this);
        }
    }

    private final class Reopening implements TrackingEventStream {

        private static final int WAIT_MILLIS = 1_000;

        private volatile TrackingEventStream events;
        private volatile boolean closed;
        private TrackingToken read;

        Reopening(TrackingToken from) {
            read = from;
            furthest.accumulateAndGet(position(from), Math::max);
            events = LedgerEventStore.super.openStream(from);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (events.hasNextAvailable(timeout, unit)) {
                return true;
            }
            // Only after a wait: right after Axon switched it to following, a stream may answer no without one.
            if (timeout > 0 && position(read) < furthest.get() && !closed) {
                events.close();
                events = LedgerEventStore.super.openStream(read);
                if (closed) {
                    // Closed by another thread while it was opened: the store would keep feeding it.
                    events.close();
                }
            }
            return false;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                // Waited for in turns, so that a stream left behind is opened again in between.
            }
            TrackedEventMessage<?> event = events.nextAvailable();
            read = event.trackingToken();
            long at = position(read);
            // Read before written: streams behind the furthest, most of them, never contend for it.
            if (at > furthest.get()) {
                furthest.accumulateAndGet(at, Math::max);
            }
            return event;
        }

        @Override
        public void close() {
            closed = true;
            events.close();
        }
    }
}
