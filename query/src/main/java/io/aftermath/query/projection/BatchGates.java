package io.aftermath.query.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.stereotype.Component;

/**
 * Holds a projection's live processor between two of its batches while a rebuild switches generations: the
 * replay catches up with exactly where the last batch left the processor, and the batch held at the gate then
 * goes to the generation switched to. Stopping the processor instead cost up to a second, the worker ending its
 * wait for events before it stopped, then claiming its segment again (and another node could take it between).
 * <p>
 * A processor's batches, and its claim extensions, run in a transaction of its manager; the gate holds them as
 * they start. A closed gate holds no transaction of another projection, nor one nested in a batch.
 */
@Component
public class BatchGates {

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /** The projection's processor's transactions: {@code transactions}' own, held while its gate is closed. */
    public TransactionManager gated(String projection, TransactionManager transactions) {
        Gate gate = gate(projection);
        return () -> {
            if (ProjectionBatch.CURRENT.get() != null) {
                return transactions.startTransaction();
            }
            gate.enter();
            Transaction transaction;
            try {
                transaction = transactions.startTransaction();
            } catch (RuntimeException | Error e) {
                gate.leave(null);
                throw e;
            }
            ProjectionBatch batch = ProjectionBatch.CURRENT.get();
            return new Transaction() {
                @Override
                public void commit() {
                    boolean committed = false;
                    try {
                        transaction.commit();
                        committed = true;
                    } finally {
                        gate.leave(committed && batch != null ? batch.handed() : null);
                    }
                }

                @Override
                public void rollback() {
                    try {
                        transaction.rollback();
                    } finally {
                        gate.leave(null);
                    }
                }
            };
        };
    }

    /**
     * Enters the gate as a batch no transaction brackets begins (the search index's, which must commit after its
     * handlers, so its processor has no transaction manager): waits while the gate is closed.
     */
    public void enter(String projection) {
        gate(projection).enter();
    }

    /** Leaves the gate as such a batch ends, committed or not. */
    public void leave(String projection) {
        gate(projection).leave(null);
    }

    /**
     * Closes the projection's gate once the batch in flight, if any, has ended; false, the gate left open, when it
     * does not end within {@code timeoutMillis}.
     */
    public boolean close(String projection, long timeoutMillis) throws InterruptedException {
        return gate(projection).close(timeoutMillis);
    }

    /**
     * Where the processor's last committed batch on this node left it: every event before the returned position
     * processed; 0 when none has committed here.
     */
    public long committedTo(String projection) {
        return gate(projection).committedTo();
    }

    public void open(String projection) {
        gate(projection).open();
    }

    private Gate gate(String projection) {
        return gates.computeIfAbsent(projection, name -> new Gate());
    }

    /** Guarded by itself. */
    private static final class Gate {

        private boolean closed;
        private int inFlight;
        private long committedTo;

        synchronized void enter() {
            while (closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // A stop interrupting the worker: the batch must not pass the closed gate, so it fails and is
                    // retried from its token.
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while a rebuild switched generations", e);
                }
            }
            inFlight++;
        }

        synchronized void leave(Long handedTo) {
            inFlight--;
            if (handedTo != null) {
                committedTo = handedTo;
            }
            notifyAll();
        }

        synchronized boolean close(long timeoutMillis) throws InterruptedException {
            closed = true;
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            try {
                while (inFlight > 0) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        open();
                        return false;
                    }
                    wait(left);
                }
                return true;
            } catch (InterruptedException e) {
                open();
                throw e;
            }
        }

        synchronized long committedTo() {
            return committedTo;
        }

        synchronized void open() {
            closed = false;
            notifyAll();
        }
    }
}
