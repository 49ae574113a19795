package io.aftermath.shared.ledger;

/**
 * What the appender calls after a batch was written and before it acknowledges it. On a real MongoDB
 * the write concern does this work, so the barrier does nothing; the embedded H2 backend only
 * persists what its MVStore has committed, so there it commits (and may sync) the store.
 */
@FunctionalInterface
public interface DurabilityBarrier {

    DurabilityBarrier NONE = () -> {
    };

    void makeDurable();
}
