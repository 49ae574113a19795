package io.aftermath.shared.ledger;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonSerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.mongo.StoreErrors;

/**
 * The log as Axon's shared tail reader gets it: ending, quietly, at a commit that cannot be read as the
 * ledger writes it. That reader logs every failure as an ERROR with its stack and asks again every fetch
 * delay, 4 MB of log a minute while such a commit lay at the head (tester 40). Processors waiting on it
 * stand where they are, which the projections' status, health and the malformed-commit gauge name; this
 * notes it once a minute. So does it while the store is out of reach (an ERROR with the driver's stack per
 * outage, tester 59), and it ends without a word at a stop that closed the store's client under it (tester 63:
 * an ERROR with its stack at such a stop).
 */
final class QuietTail extends Spliterators.AbstractSpliterator<LedgerEventData> {

    private static final Logger LOG = LoggerFactory.getLogger(QuietTail.class);
    private static final long NOTE_EVERY_MILLIS = 60_000;
    private static final AtomicLong NOTED_AT = new AtomicLong(-NOTE_EVERY_MILLIS);

    private final Spliterator<LedgerEventData> log;
    private long next;

    private QuietTail(Spliterator<LedgerEventData> log, long start) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.log = log;
        this.next = start;
    }

    static Stream<LedgerEventData> of(Stream<LedgerEventData> log, long start) {
        return StreamSupport.stream(new QuietTail(log.spliterator(), start), false).onClose(log::close);
    }

    @Override
    public boolean tryAdvance(Consumer<? super LedgerEventData> action) {
        try {
            return log.tryAdvance(event -> {
                next = event.position() + 1;
                action.accept(event);
            });
        } catch (BsonInvalidOperationException | BsonSerializationException unreadable) {
            noteOnceAMinute("The log cannot be read from position {} on: {}. Processors wait there until the commit is "
                    + "put back (GET /api/audit/verify names it); noted once a minute", unreadable);
            return false;
        } catch (RuntimeException failure) {
            if (StoreErrors.closedClient(failure)) {
                // The node is stopping with its store out of reach and closed the store's client: the tail ends.
                return false;
            }
            if (StoreErrors.outOfReach(failure)) {
                noteOnceAMinute("The log cannot be read from position {} on: the store is out of reach ({}). "
                        + "Processors wait there until it is back (health and aftermath_store_reachable say so); "
                        + "noted once a minute", failure);
                return false;
            }
            throw failure;
        }
    }

    private void noteOnceAMinute(String message, RuntimeException failure) {
        long now = System.currentTimeMillis();
        long noted = NOTED_AT.get();
        if (now - noted >= NOTE_EVERY_MILLIS && NOTED_AT.compareAndSet(noted, now)) {
            LOG.warn(message, next, failure.getMessage());
        }
    }
}
