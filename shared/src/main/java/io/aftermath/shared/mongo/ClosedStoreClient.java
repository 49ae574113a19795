package io.aftermath.shared.mongo;

import java.util.Set;

/**
 * The driver's refusal of a call on a client that was closed. A node stopping while its store is out of
 * reach closes the client at once rather than wait for calls that would not end ({@code StoreOutageShutdown}),
 * so the calls still under way end with this: an outcome of the stop, not a fault.
 */
public final class ClosedStoreClient {

    /** What the driver says of a call on a closed client: its cluster, or its pool of sessions, closed. */
    private static final Set<String> REFUSALS = Set.of("state should be: open",
            "state should be: server session pool is open");

    private ClosedStoreClient() {
    }

    public static boolean isCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IllegalStateException refused && REFUSALS.contains(refused.getMessage())
                    && refused.getStackTrace().length > 0
                    && refused.getStackTrace()[0].getClassName().startsWith("com.mongodb.")) {
                return true;
            }
        }
        return false;
    }
}
