package io.aftermath.shared.mongo;

import java.util.Optional;
import java.util.Set;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/** What a failed call of the store says of the store, rather than of the call. */
public final class StoreErrors {

    /**
     * The error code the embedded store answers with once H2 closed it after a failed write of its file: none of
     * MongoDB's, so the driver treats it as a plain command failure (its codes for a stopping server would make it
     * drop the server, and every request would wait for one).
     */
    public static final int EMBEDDED_STORE_STOPPED = 7_400_155;
    public static final String EMBEDDED_STORE_STOPPED_NAME = "AftermathEmbeddedStoreStopped";

    /** What the driver says of a call on a closed client: its cluster, or its pool of sessions, closed. */
    private static final Set<String> CLOSED_CLIENT = Set.of("state should be: open",
            "state should be: server session pool is open");

    private StoreErrors() {
    }

    /**
     * Whether the error is the store's absence, an outage rather than a fault of the node: no answer in time,
     * a connection lost or refused, a server the driver stopped using (its pool closed: the node stopping, a
     * member left the replica set), a wait for it cut short.
     */
    public static boolean outOfReach(Throwable error) {
        return hasCause(error, MongoTimeoutException.class) || hasCause(error, MongoSocketException.class)
                || hasCause(error, MongoServerUnavailableException.class)
                || hasCause(error, MongoInterruptedException.class);
    }

    /**
     * Whether the driver refused the call because its client was closed. A node stopping while its store is out
     * of reach closes the client at once rather than wait for calls that would not end ({@code
     * StoreOutageShutdown}), so the calls still under way end with this: an outcome of the stop, not a fault.
     * The driver's other refusals of this kind (a cursor used after its end) are bugs, and not this.
     */
    public static boolean closedClient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IllegalStateException refused && CLOSED_CLIENT.contains(refused.getMessage())
                    && refused.getStackTrace().length > 0
                    && refused.getStackTrace()[0].getClassName().startsWith("com.mongodb.")) {
                return true;
            }
        }
        return false;
    }

    /** What the embedded store said of why it stopped, if the error is its refusal after H2 closed it. */
    public static Optional<String> embeddedStoreStopped(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoServerException refused
                    && refused.getCode() == EMBEDDED_STORE_STOPPED) {
                return Optional.of(refused instanceof MongoCommandException command ? command.getErrorMessage()
                        : refused.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
