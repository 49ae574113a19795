package io.aftermath.query.release;

import java.util.Date;

import org.bson.Document;

import io.aftermath.query.projection.Docs;
import io.aftermath.shared.ticket.TicketStatus;

/** A ticket's contribution to its release's running totals, added ({@code +1}) or taken out ({@code -1}). */
final class HealthTotals {

    static final String NONE = "NONE";
    static final String ALL = "ALL";

    private HealthTotals() {
    }

    static void add(Document release, Document facts, int sign) {
        TicketStatus status = TicketStatus.valueOf(facts.getString("status"));
        String priority = facts.getString("priority") == null ? NONE : facts.getString("priority");
        count(release, "tickets", sign);
        count(Docs.child(release, "byStatus"), status.name(), sign);
        if (status == TicketStatus.DUPLICATE) {
            return;
        }
        count(Docs.child(release, "byPriority"), priority, sign);
        if (!status.isClosed()) {
            count(release, "open", sign);
            count(Docs.child(release, "openByPriority"), priority, sign);
        }
        Date reportedAt = facts.getDate("reportedAt");
        Date acknowledgedAt = facts.getDate("acknowledgedAt");
        if (acknowledgedAt != null) {
            long millis = acknowledgedAt.getTime() - reportedAt.getTime();
            mean(release, "acknowledge", ALL, millis, sign);
            mean(release, "acknowledge", priority, millis, sign);
        }
        Date resolvedAt = facts.getDate("resolvedAt");
        if (status == TicketStatus.RESOLVED && resolvedAt != null) {
            long millis = resolvedAt.getTime() - reportedAt.getTime();
            mean(release, "resolve", ALL, millis, sign);
            mean(release, "resolve", priority, millis, sign);
        }
    }

    private static void mean(Document release, String kind, String bucket, long millis, int sign) {
        Document totals = Docs.child(Docs.child(release, kind), bucket);
        count(totals, "count", sign);
        totals.put("millis", Docs.longValue(totals, "millis") + sign * millis);
    }

    private static void count(Document document, String key, int sign) {
        document.put(key, Docs.intValue(document, key) + sign);
    }
}
