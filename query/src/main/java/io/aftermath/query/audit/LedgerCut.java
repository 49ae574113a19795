package io.aftermath.query.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Component;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.query.web.UnencodedPlus;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.web.CalendarRange;

/**
 * Where a read of a release as of {@code at} (an instant) or {@code position} ends: the replay's cut,
 * which its events' read shares so both answer the same prefix of the log for the same parameters.
 * {@code at} cuts after the last commit holding an event stamped by then (see {@link LedgerEvents#positionAfter});
 * {@code position} cuts before that log position, or just after the commit holding the event before it,
 * so no cut shows half a commit; with neither, the whole log. Reads the log: call it off the event loop.
 */
@Component
class LedgerCut {

    static final String AT = "An ISO-8601 instant, such as 2026-11-17T10:00:00Z: cuts after the last commit holding an "
            + "event stamped by then. Write an offset's + as %2B (2026-12-03T04:00:00%2B02:00): a query reads + as a "
            + "space, so one sent as it stands is 400";
    static final String POSITION = "A log position (0 or more): cuts after the commit holding the event just before "
            + "it, at most the head";

    private final LedgerEvents ledger;

    LedgerCut(LedgerEvents ledger) {
        this.ledger = ledger;
    }

    /**
     * What a read asked to be cut at, checked before the log is read (so a malformed one is 400 also while the
     * store is out of sight): an instant, a position, or neither for the whole log. An empty {@code at} is
     * absent, as an empty {@code position} is (Spring reads it as none) and as search reads its times.
     */
    record Asked(Instant at, Long position) {

        static Asked of(String given, Long position) {
            String at = QueryValue.of(given);
            if (at != null && position != null) {
                throw new InvalidParameter("position", "cannot be given with at: give either at or position, not both");
            }
            if (position != null && position < 0) {
                throw new InvalidParameter("position", "must be >= 0");
            }
            return new Asked(at == null ? null : instant(at), position);
        }

        private static Instant instant(String at) {
            Instant instant;
            try {
                instant = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidParameter("at", "must be an ISO-8601 instant, e.g. 2026-11-17T10:00:00Z"
                        + UnencodedPlus.hint(at));
            }
            if (!CalendarRange.contains(instant)) {
                throw new InvalidParameter("at", CalendarRange.RULE);
            }
            return instant;
        }
    }

    /** Never past the log's head, so an answer's {@code end} names a real cut. */
    long end(Asked asked) {
        if (asked.position() != null) {
            return ledger.cutAt(Math.min(asked.position(), headBefore(asked.position())));
        }
        if (asked.at() != null) {
            return ledger.positionAfter(asked.at());
        }
        return headBefore(Long.MAX_VALUE);
    }

    /**
     * The head, unless a cut beyond it is asked for and the head is a missing commit with the log going
     * on past it: a node that had not read past the hole found the head there, and answered the log
     * before it as the whole (tester 37).
     */
    private long headBefore(long cut) {
        long head = ledger.head();
        if (cut == Long.MAX_VALUE) {
            ledger.requireNoHoleAtEnd(head);
        } else if (cut > head) {
            ledger.requireNoHoleAt(head, cut);
        }
        return head;
    }
}
