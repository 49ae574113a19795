package io.aftermath.query.projection;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.aftermath.shared.mongo.StoreErrors;

/**
 * Axon's tracking processors log a stack trace with the warning each time a worker enters retry mode or its launcher
 * first fails to fetch segments: about 800 lines per query node for one store outage (tester 151), burying the lines
 * that say what happened. While the cause is the store out of reach, such a warning is logged without the stack, the
 * cause named at its end, under the same logger. Any other failure keeps its stack.
 *
 * <p>Once H2 closed the embedded store after a failed write, nothing cures it but a restart, and Axon's event store
 * logged its failed poll at ERROR with a stack ten times a second (tester 154, a full disk). A warning or error of
 * Axon's with that cause is logged without its stack, and the same message from the same logger at most once a
 * minute.
 */
public final class StoreOutageLogs extends TurboFilter {

    private static final String AXON_PROCESSORS = "org.axonframework.eventhandling";
    private static final String AXON = "org.axonframework";
    private static final String NAME = "aftermath-store-outage-logs";
    private static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** When each logger last logged each message whose cause is the embedded store's stop. */
    private final Map<String, Long> stoppedStoreLogged = new ConcurrentHashMap<>();

    private StoreOutageLogs() {
        setName(NAME);
    }

    /** Installs the filter once per logging context, however many application contexts a JVM starts. */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(filter -> NAME.equals(filter.getName()))) {
            StoreOutageLogs filter = new StoreOutageLogs();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable thrown) {
        if (format == null || !logger.getName().startsWith(AXON) || (level != Level.WARN && level != Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        // A throwable passed as the last of several arguments reaches a turbo filter among the parameters.
        Throwable failure = thrown != null ? thrown : MessageFormatter.getThrowableCandidate(params);
        Optional<String> storeStopped = StoreErrors.embeddedStoreStopped(failure);
        if (storeStopped.isPresent()) {
            return storeStopped(logger, level, format, params, thrown, storeStopped.get());
        }
        if (level != Level.WARN || !logger.getName().startsWith(AXON_PROCESSORS)) {
            return FilterReply.NEUTRAL;
        }
        Throwable outage = storeOutOfReach(failure);
        if (outage == null) {
            return FilterReply.NEUTRAL;
        }
        Object[] arguments = thrown == null ? MessageFormatter.trimmedCopy(params) : params;
        String message = MessageFormatter.arrayFormat(format, arguments).getMessage();
        logger.warn("{} [the store is out of reach: {}]", message, outage.toString());
        return FilterReply.DENY;
    }

    private FilterReply storeStopped(Logger logger, Level level, String format, Object[] params, Throwable thrown,
                                     String why) {
        long now = System.nanoTime();
        String key = logger.getName() + '\n' + format;
        Long last = stoppedStoreLogged.get(key);
        if (last != null && now - last < REPEAT_NANOS || !replaced(key, last, now)) {
            return FilterReply.DENY;
        }
        Object[] arguments = thrown == null ? MessageFormatter.trimmedCopy(params) : params;
        String message = MessageFormatter.arrayFormat(format, arguments).getMessage();
        String line = "{} [{}; said once a minute]";
        if (level == Level.ERROR) {
            logger.error(line, message, why);
        } else {
            logger.warn(line, message, why);
        }
        return FilterReply.DENY;
    }

    /** Claims the minute's line for this thread, if no other thread took it first. */
    private boolean replaced(String key, Long last, long now) {
        return last == null ? stoppedStoreLogged.putIfAbsent(key, now) == null
                : stoppedStoreLogged.replace(key, last, now);
    }

    /**
     * The cause that puts the store out of reach, null if none does. A node stopping while the store is out of reach
     * closes its client under processors still waiting for the store, whose next call the driver refuses so
     * (tester 154: 150 stack lines in one stop).
     */
    static Throwable storeOutOfReach(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoNotPrimaryException || cause instanceof MongoNodeIsRecoveringException
                    || StoreErrors.closedClient(cause)) {
                return cause;
            }
        }
        return null;
    }
}
