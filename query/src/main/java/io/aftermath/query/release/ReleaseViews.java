package io.aftermath.query.release;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import io.aftermath.query.projection.Docs;
import io.aftermath.shared.query.ActionItemView;
import io.aftermath.shared.query.LessonView;
import io.aftermath.shared.query.RegressionView;
import io.aftermath.shared.query.ReleaseHealth;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.query.ResponseTimes;
import io.aftermath.shared.query.RetrospectiveView;
import io.aftermath.shared.query.UserUpdateView;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;

/** Release documents as the query records the API answers with. */
final class ReleaseViews {

    private ReleaseViews() {
    }

    /** @param today the day (UTC) the page is read on, which an open action item due before it is overdue on */
    static ReleaseView view(Document release, LocalDate today) {
        List<RegressionView> regressions = Docs.documents(release, "regressions").stream()
                .map(r -> new RegressionView(r.getString("ticketId"), r.getString("fixedIn"), r.getString("observedIn"),
                        Docs.instant(r, "at")))
                .toList();
        List<UserUpdateView> updates = Docs.documents(release, "userUpdates").stream()
                .map(u -> new UserUpdateView(u.getString("updateId"),
                        Docs.enumValue(u, "status", UserUpdateStatus.class), Docs.enumValue(u, "channel", Channel.class),
                        u.getString("message"), Docs.strings(u, "ticketIds"), u.getString("actor"),
                        Docs.instant(u, "at")))
                .toList();
        return new ReleaseView(release.getString("_id"), release.getString("service"), release.getString("version"),
                Docs.instant(release, "deployedAt"), Docs.instant(release, "registeredAt"),
                release.getString("hotfixOf"), Docs.strings(release, "hotfixes"), release.getString("notes"),
                health(release, regressions.size()), regressions, updates, retrospective(release, today),
                release.get(ReleaseProjection.VERSION) instanceof Number version ? version.longValue() : null);
    }

    private static ReleaseHealth health(Document release, int regressions) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (TicketStatus status : TicketStatus.values()) {
            byStatus.put(status.name(), Docs.intValue(Docs.child(release, "byStatus"), status.name()));
        }
        Map<String, ResponseTimes> perPriority = new LinkedHashMap<>();
        for (Priority priority : Priority.values()) {
            perPriority.put(priority.name(), times(release, priority.name()));
        }
        // As in byPriority: a ticket resolved before anyone prioritised it counts overall, so it has a bucket too.
        perPriority.put(HealthTotals.NONE, times(release, HealthTotals.NONE));
        return new ReleaseHealth(Docs.intValue(release, "tickets"), Docs.intValue(release, "open"), byStatus,
                byPriority(Docs.child(release, "byPriority")), byPriority(Docs.child(release, "openByPriority")),
                times(release, HealthTotals.ALL), perPriority, regressions);
    }

    private static Map<String, Integer> byPriority(Document counts) {
        Map<String, Integer> byPriority = new LinkedHashMap<>();
        for (Priority priority : Priority.values()) {
            byPriority.put(priority.name(), Docs.intValue(counts, priority.name()));
        }
        byPriority.put(HealthTotals.NONE, Docs.intValue(counts, HealthTotals.NONE));
        return byPriority;
    }

    private static ResponseTimes times(Document release, String bucket) {
        Document acknowledge = Docs.child(Docs.child(release, "acknowledge"), bucket);
        Document resolve = Docs.child(Docs.child(release, "resolve"), bucket);
        int acknowledged = Docs.intValue(acknowledge, "count");
        int resolved = Docs.intValue(resolve, "count");
        return new ResponseTimes(mean(acknowledge, acknowledged), acknowledged, mean(resolve, resolved), resolved);
    }

    private static Duration mean(Document totals, int count) {
        return count == 0 ? null : Duration.ofMillis(Docs.longValue(totals, "millis") / count);
    }

    private static RetrospectiveView retrospective(Document release, LocalDate today) {
        List<LessonView> lessons = Docs.documents(release, "lessons").stream()
                .map(l -> new LessonView(l.getString("lessonId"), l.getString("title"), l.getString("whatHappened"),
                        Docs.strings(l, "contributingFactors"), l.getString("whatWentWell"),
                        Docs.strings(l, "improvements"), Docs.strings(l, "tags"),
                        Docs.strings(l, "ticketIds"), l.getString("actor"), Docs.instant(l, "at")))
                .toList();
        List<ActionItemView> items = Docs.documents(release, "actionItems").stream()
                .map(i -> actionItem(i, today))
                .toList();
        int done = (int) items.stream().filter(ActionItemView::done).count();
        int overdue = (int) items.stream().filter(ActionItemView::overdue).count();
        return new RetrospectiveView(Boolean.TRUE.equals(release.getBoolean("retroClosed")),
                release.getString("retroSummary"), Docs.instant(release, "retroClosedAt"), lessons, items,
                items.size() - done, done, overdue);
    }

    private static ActionItemView actionItem(Document item, LocalDate today) {
        LocalDate due = item.getString("dueDate") == null ? null : LocalDate.parse(item.getString("dueDate"));
        boolean done = Boolean.TRUE.equals(item.getBoolean("done"));
        return new ActionItemView(item.getString("actionItemId"), item.getString("title"), item.getString("owner"),
                due, item.getString("lessonId"), done, Docs.instant(item, "completedAt"), item.getString("note"),
                !done && due != null && due.isBefore(today));
    }
}
