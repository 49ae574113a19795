package io.aftermath.query.triage;

import java.time.Instant;

import io.aftermath.query.QueryProperties;
import io.aftermath.shared.query.SlaDeadline;
import io.aftermath.shared.ticket.Priority;

/**
 * Deadlines from the SLA targets, measured from the report (a reopened ticket keeps its first report:
 * the problem has been open since then). An unprioritised ticket is due to be acknowledged within the
 * triage target and has no resolve deadline yet: before, it had no deadline at all, so the queue never
 * flagged the tickets nobody had looked at (tester 32).
 */
public record Sla(QueryProperties.Sla targets) {

    public Instant acknowledgeDue(Instant reportedAt, Priority priority) {
        if (reportedAt == null) {
            return null;
        }
        return reportedAt.plus(priority == null ? targets.triage() : targets.acknowledge().of(priority));
    }

    public Instant resolveDue(Instant reportedAt, Priority priority) {
        return priority == null || reportedAt == null ? null : reportedAt.plus(targets.resolve().of(priority));
    }

    /** Breached when met late, or still pending after the due time at {@code now}. */
    public static SlaDeadline deadline(Instant dueAt, Instant metAt, Instant now) {
        if (dueAt == null) {
            return null;
        }
        boolean breached = metAt != null ? metAt.isAfter(dueAt) : now.isAfter(dueAt);
        return new SlaDeadline(dueAt, metAt, breached);
    }
}
