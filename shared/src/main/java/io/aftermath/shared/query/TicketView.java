package io.aftermath.shared.query;

import java.time.Instant;
import java.util.List;

import org.springframework.lang.Nullable;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * A ticket as it stands, and every event that made it so, oldest first.
 * <p>
 * {@code history} and {@code duplicates} are whole unless the read asked for a window of them;
 * {@code historyTotal} and {@code duplicatesTotal} count them all either way.
 * <p>
 * {@code aggregateVersion}, the sequence number of the last event of its stream, is answered as the
 * {@code ETag}, not in the body; null for a view written before it was recorded.
 */
public record TicketView(
        String ticketId,
        String releaseId,
        String title,
        String description,
        @Nullable String component,
        @Nullable String reportedVia,
        String reporter,
        TicketStatus status,
        @Nullable Severity severity,
        @Nullable Urgency urgency,
        @Nullable Priority priority,
        @Nullable String assignee,
        @Nullable Resolution resolution,
        @Nullable String resolutionSummary,
        @Nullable String fixedIn,
        @Nullable String canonicalTicketId,
        List<String> duplicates,
        int duplicatesTotal,
        List<String> reporters,
        boolean regression,
        Instant reportedAt,
        @Nullable Instant acknowledgedAt,
        @Nullable Instant resolvedAt,
        List<HistoryEntry> history,
        int historyTotal,
        @JsonIgnore Long aggregateVersion) {
}
