package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * A ticket as it stands, and every event that made it so, oldest first.
 * <p>
 * {@code aggregateVersion}, the sequence number of the last event of its stream, is answered as the
 * {@code ETag}, not in the body; null for a view written before it was recorded.
 */
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
        List<HistoryEntry> history,
        @JsonIgnore Long aggregateVersion) {
}
