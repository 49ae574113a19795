package io.aftermath.shared.web.problem;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;

import reactor.core.publisher.Hooks;

/**
 * A body that breaks off (a multipart upload cut short) fails its request, which is answered 400; Spring's
 * multipart parser then signals the same failure once more, to a subscriber already gone, and Reactor logs
 * such a dropped error at ERROR with its whole stack, so anyone allowed to upload could fill the log. A
 * dropped decoding error is the client's and already answered: it is logged at DEBUG. Any other dropped
 * error is logged as Reactor would. The hook is global to the JVM, so it is installed once.
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
        } else {
            LOG.error("Operator called default onErrorDropped", dropped);
        }
    }
}
