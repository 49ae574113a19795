package io.aftermath.shared.web.idempotency;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aftermath.shared.infrastructure.PeriodicTask;

/**
 * Writes the idempotent outcomes an outage kept from the store ({@link IdempotencyStore#storeAwaiting}) once
 * the store is back, so a retry on another node finds them without waiting for the key's lease. It asks only
 * while the driver sees the store: a write to a store out of sight waits out the driver's server selection,
 * and each pass would hold this thread for it.
 */
public final class AwaitingOutcomeWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwaitingOutcomeWriter.class);

    private final IdempotencyStore store;
    private final BooleanSupplier storeInSight;
    private final PeriodicTask schedule;

    public AwaitingOutcomeWriter(IdempotencyStore store, BooleanSupplier storeInSight, Duration every) {
        this.store = store;
        this.storeInSight = storeInSight;
        this.schedule = PeriodicTask.every(every, "idempotency-outcome-writer", this::write, LOG,
                "Writing the idempotent outcomes kept through an outage failed");
    }

    private void write() {
        if (store.awaiting() == 0 || !storeInSight.getAsBoolean()) {
            return;
        }
        try {
            int stored = store.storeAwaiting();
            if (stored > 0) {
                LOG.info("Stored {} idempotent outcome(s) the store had not taken when their requests ended", stored);
            }
        } catch (RuntimeException e) {
            // Out of reach again: the next pass tries again.
            LOG.debug("Could not store the idempotent outcomes kept through an outage yet: {}", e.toString());
        }
    }

    /**
     * Stops writing, after a last pass if the store is in sight (a stop may come between its return and the
     * next pass); what is still kept is lost with the process, and its keys' retries wait for the lease.
     */
    @Override
    public void close() {
        schedule.close();
        write();
        int lost = store.awaiting();
        if (lost > 0) {
            LOG.warn("{} idempotent outcome(s) kept through a store outage were never stored: a retry with their keys "
                    + "runs again once the key's lease (aftermath.idempotency.lease) is over", lost);
        }
    }
}
