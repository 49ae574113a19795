package io.aftermath.shared.query;

import java.time.Instant;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * One open ticket in the triage queue. Priority, severity, urgency and both deadlines are null until
 * the ticket is prioritised; {@code reporters} counts distinct reporters including its duplicates'.
 * {@code regression}: it was reopened as seen again after its fix shipped, so the fix did not hold.
 */
public record TriageItem(
        String ticketId,
        String releaseId,
        String service,
        String title,
        TicketStatus status,
        Priority priority,
        Severity severity,
        Urgency urgency,
        int reporters,
        String assignee,
        Instant reportedAt,
        SlaDeadline acknowledge,
        SlaDeadline resolve,
        boolean regression) {
}
