package io.aftermath.shared.web.problem;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;

import io.aftermath.shared.mongo.StoreErrors;
import reactor.core.publisher.Hooks;

/**
 * A body that breaks off (a multipart upload cut short) fails its request, which is answered 400; Spring's
 * multipart parser then signals the same failure once more, to a subscriber already gone, and Reactor logs
 * such a dropped error at ERROR with its whole stack, so anyone allowed to upload could fill the log. A
 * dropped decoding error is the client's and already answered: it is logged at DEBUG, as is a store call cut off
 * by an outage or a stop, whose request was answered 503 for it. Any other dropped error is logged as Reactor
 * would. The hook is global to the JVM, so it is installed once.
 */
public final class DroppedDecodingErrors {

    private static final Logger LOG = LoggerFactory.getLogger(DroppedDecodingErrors.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    public DroppedDecodingErrors() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedDecodingErrors::log);
        }
    }

    static void log(Throwable dropped) {
        if (Problems.cause(dropped, DecodingException.class) != null) {
            LOG.debug("A request body failed again after its request was answered: {}", dropped.toString());
        } else if (StoreErrors.closedClient(dropped) || StoreErrors.outOfReach(dropped)) {
            // A store call cut off by an outage or by a stop that closed the store's client, after its request was
            // answered for it (tester 64: an ERROR with its stack at such stops).
            LOG.debug("A store call failed after its request was answered: {}", dropped.toString());
        } else if (Problems.cause(dropped, RejectedExecutionException.class) != null) {
            // A pool closed by the node's stop refused the rest of a request already answered (tester 65: 7-16 lines
            // a stop); what that leaves undone, an idempotent outcome not stored, is reported where it is lost.
            LOG.debug("A task was refused after its request was answered: {}", dropped.toString());
        } else {
            LOG.error("Operator called default onErrorDropped", dropped);
        }
    }
}
