package io.aftermath.query.projection;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The "transaction" of a projection's processing batch: changed documents are buffered in a
 * {@link ProjectionBatch} and written at commit, then the token (deferred by
 * {@link ProjectionTokenStore}) is stored. Documents are written before the token, so a crash in
 * between replays events onto documents that already hold them, which the position guards ignore.
 */
public class ProjectionTransactionManager implements TransactionManager {

    private final boolean replay;

    public ProjectionTransactionManager() {
        this(false);
    }

    /** @param replay for a rebuild's replay: its batches write the generation being rebuilt */
    public ProjectionTransactionManager(boolean replay) {
        this.replay = replay;
    }

    private static final Transaction NESTED = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    @Override
    public Transaction startTransaction() {
        if (ProjectionBatch.CURRENT.get() != null) {
            return NESTED;
        }
        ProjectionBatch batch = new ProjectionBatch(replay);
        ProjectionBatch.CURRENT.set(batch);
        return new Transaction() {
            @Override
            public void commit() {
                try {
                    batch.flush();
                } finally {
                    ProjectionBatch.CURRENT.remove();
                }
            }

            @Override
            public void rollback() {
                ProjectionBatch.CURRENT.remove();
            }
        };
    }
}
