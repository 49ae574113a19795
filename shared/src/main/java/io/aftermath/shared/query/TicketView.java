package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/** A ticket as it stands, and every event that made it so, oldest first. */
public record TicketView(
        String ticketId,
        String releaseId,
        String title,
        String description,
        String component,
        String reportedVia,
        String reporter,
        TicketStatus status,
        Severity severity,
        Urgency urgency,
        Priority priority,
        String assignee,
        Resolution resolution,
        String resolutionSummary,
        String fixedIn,
        String canonicalTicketId,
        List<String> duplicates,
        List<String> reporters,
        boolean regression,
        Instant reportedAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        List<HistoryEntry> history) {
}
