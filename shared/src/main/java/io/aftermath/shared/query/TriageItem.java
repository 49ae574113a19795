package io.aftermath.shared.query;

import java.time.Instant;

import org.springframework.lang.Nullable;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * One open ticket in the triage queue. Priority, severity, urgency and the resolve deadline are null until
 * the ticket is prioritised (the acknowledge deadline is then the triage target's); {@code reporters} counts distinct reporters including its duplicates'.
 * {@code regression}: it was reopened as seen again after its fix shipped, so the fix did not hold.
 */
public record TriageItem(
        String ticketId,
        String releaseId,
        String service,
        String title,
        TicketStatus status,
        @Nullable Priority priority,
        @Nullable Severity severity,
        @Nullable Urgency urgency,
        int reporters,
        @Nullable String assignee,
        Instant reportedAt,
        @Nullable SlaDeadline acknowledge,
        @Nullable SlaDeadline resolve,
        boolean regression) {
}
