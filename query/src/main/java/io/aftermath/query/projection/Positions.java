package io.aftermath.query.projection;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;

/**
 * Ledger positions from Axon tokens. A token at position {@code p} means the event at {@code p} was
 * processed; "processed up to {@code n}" here means every event before {@code n} was, the same
 * convention as the log's head and the {@code X-Aftermath-Position} header.
 */
public final class Positions {

    private Positions() {
    }

    /** The position of the event a handler is given its token with. */
    public static long of(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped instanceof GlobalSequenceTrackingToken global) {
            return global.getGlobalIndex();
        }
        throw new IllegalArgumentException("Expected a ledger position, got " + token);
    }

    /** Every event before the returned position has been processed by a processor at this token. */
    public static long processedBefore(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped == null) {
            return 0;
        }
        return of(unwrapped) + 1;
    }
}
