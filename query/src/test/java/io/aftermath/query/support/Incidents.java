package io.aftermath.query.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.release.Channel;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.release.UserUpdateStatus;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Resolution;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.Urgency;

/** Events of an incident, as the aggregates would emit them, with times relative to {@link #T0}. */
public final class Incidents {

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private Incidents() {
    }

    public static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static ReleaseRegistered deployed(String releaseId, long minute) {
        String[] parts = releaseId.split("@");
        return new ReleaseRegistered(releaseId, parts[0], parts[1], minutes(minute), null, "notes", "deployer",
                minutes(minute));
    }

    public static ReleaseRegistered hotfix(String releaseId, String of, long minute) {
        String[] parts = releaseId.split("@");
        return new ReleaseRegistered(releaseId, parts[0], parts[1], minutes(minute), of, "hotfix", "deployer",
                minutes(minute));
    }

    public static TicketReported reported(String ticketId, String releaseId, String reporter, long minute) {
        return new TicketReported(ticketId, releaseId, "Problem " + ticketId, "It broke", "payments", "web",
                reporter, minutes(minute));
    }

    public static TicketPrioritised prioritised(String ticketId, Severity severity, Urgency urgency, Priority previous,
                                                long minute) {
        return new TicketPrioritised(ticketId, severity, urgency, Priority.of(severity, urgency), previous, "because",
                "triager", minutes(minute));
    }

    public static TicketAssigned assigned(String ticketId, String assignee, long minute) {
        return new TicketAssigned(ticketId, assignee, "triager", minutes(minute));
    }

    public static TicketResolved resolved(String ticketId, String releaseId, long minute) {
        return new TicketResolved(ticketId, releaseId, Resolution.FIXED, "fixed it", null, "responder", minutes(minute));
    }

    public static TicketResolved hotfixed(String ticketId, String releaseId, String fixedIn, long minute) {
        return new TicketResolved(ticketId, releaseId, Resolution.HOTFIXED, "hotfixed", fixedIn, "responder",
                minutes(minute));
    }

    public static TicketReopened reopened(String ticketId, String releaseId, String observedIn, long minute) {
        return new TicketReopened(ticketId, releaseId, "seen again", observedIn, "reporter", minutes(minute));
    }

    public static RegressionDetected regression(String ticketId, String releaseId, String fixedIn, String observedIn,
                                                long minute) {
        return new RegressionDetected(ticketId, releaseId, fixedIn, observedIn, "reporter", minutes(minute));
    }

    public static TicketMarkedDuplicate markedDuplicate(String ticketId, String canonical, String releaseId,
                                                        long minute) {
        return new TicketMarkedDuplicate(ticketId, canonical, canonical, releaseId, "triager", minutes(minute));
    }

    public static DuplicateAttached attached(String canonical, String duplicate, String reporter, long minute) {
        return new DuplicateAttached(canonical, duplicate, reporter, "triager", minutes(minute));
    }

    public static DuplicateDetached detached(String canonical, String duplicate, long minute) {
        return new DuplicateDetached(canonical, duplicate, "not the same problem", "triager", minutes(minute));
    }

    public static UserUpdatePublished userUpdate(String releaseId, String updateId, List<String> tickets, long minute) {
        return new UserUpdatePublished(releaseId, updateId, UserUpdateStatus.INVESTIGATING, Channel.STATUS_PAGE,
                "We are looking into it", tickets, "responder", minutes(minute));
    }

    public static LessonRecorded lesson(String releaseId, String lessonId, String title, String whatHappened,
                                        List<String> tickets, List<String> tags, long minute) {
        return new LessonRecorded(releaseId, lessonId, title, whatHappened, List.of("a missing alert"),
                "rollback was quick", List.of("add an alert"), tickets, tags, "responder", minutes(minute));
    }

    public static ActionItemAdded actionItem(String releaseId, String itemId, String lessonId, long minute) {
        return new ActionItemAdded(releaseId, itemId, "Add an alert", "sre", LocalDate.of(2024, 6, 1), lessonId,
                "responder", minutes(minute));
    }

    public static ActionItemCompleted actionItemDone(String releaseId, String itemId, long minute) {
        return new ActionItemCompleted(releaseId, itemId, "done", "sre", minutes(minute));
    }

    public static RetrospectiveClosed retrospectiveClosed(String releaseId, long minute) {
        return new RetrospectiveClosed(releaseId, "we learned", "responder", minutes(minute));
    }

    public static PostmortemImported postmortem(String id, String title, String summary, String body,
                                                List<String> categories, List<String> keywords, String company,
                                                String product, Instant start) {
        return new PostmortemImported(id, "test", id, title, company, product, categories, keywords, start,
                start == null ? null : start.plusSeconds(3600), summary, body, "https://example.org/" + id, "importer",
                T0);
    }
}
