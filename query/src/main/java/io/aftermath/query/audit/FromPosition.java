package io.aftermath.query.audit;

import io.aftermath.shared.error.InvalidParameter;

/** The {@code from} of the ledger's exports: the log position an answer starts at. */
final class FromPosition {

    private FromPosition() {
    }

    /**
     * 0 when not given. Not Spring's {@code defaultValue}, which stands in for an empty value but not for blanks,
     * which are absent too.
     */
    static long of(Long given) {
        long from = given == null ? 0 : given;
        if (from < 0) {
            throw new InvalidParameter("from", "must be >= 0");
        }
        return from;
    }
}
