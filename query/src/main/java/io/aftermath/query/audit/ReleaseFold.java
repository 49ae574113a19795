package io.aftermath.query.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.aftermath.shared.query.RegressionView;
import io.aftermath.shared.query.ReleaseAsOf;
import io.aftermath.shared.query.ReleaseAsOf.ActionItemAsOf;
import io.aftermath.shared.query.ReleaseAsOf.LessonAsOf;
import io.aftermath.shared.query.ReleaseAsOf.TicketAsOf;
import io.aftermath.shared.query.ReleaseAsOf.UserUpdateAsOf;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * Folds events, in log order, into one release's state: the release, its hotfixes, the tickets
 * reported against either, the user updates published on either and the release's retrospective.
 * Events of other releases pass by.
 */
final class ReleaseFold {

    /** The key the release page's health counts a ticket without a priority under. */
    private static final String NO_PRIORITY = "NONE";

    private final String releaseId;
    private final ReleaseStreams streams;
    private final Reporters reporters = new Reporters();
    private final Map<String, TicketState> tickets = new LinkedHashMap<>();
    private final List<String> hotfixes = new ArrayList<>();
    private final List<UserUpdateAsOf> updates = new ArrayList<>();
    private final List<LessonAsOf> lessons = new ArrayList<>();
    private final Map<String, ActionItemAsOf> actionItems = new LinkedHashMap<>();
    private final List<RegressionView> regressions = new ArrayList<>();
    private ReleaseRegistered release;
    private String retrospectiveSummary;
    private boolean retrospectiveClosed;
    private Instant retrospectiveClosedAt;
    private String retrospectiveClosedBy;
    private int applied;
    private Instant lastRecordedAt;

    ReleaseFold(String releaseId) {
        this.releaseId = releaseId;
        this.streams = new ReleaseStreams(releaseId);
    }

    void apply(Object payload, Instant recordedAt) {
        streams.see(payload);
        reporters.see(payload);
        if (concerns(payload)) {
            applied++;
            lastRecordedAt = recordedAt;
            fold(payload);
        }
    }

    boolean found() {
        return release != null;
    }

    private boolean concerns(Object payload) {
        if (payload instanceof ReleaseRegistered registered) {
            return streams.contains(registered.releaseId());
        }
        if (payload instanceof TicketReported reported) {
            return streams.contains(reported.ticketId());
        }
        if (payload instanceof UserUpdatePublished published) {
            // As the timeline folds them in: a hotfix's updates are part of its release's story.
            return streams.contains(published.releaseId());
        }
        String ticket = ticketSubject(payload);
        if (ticket != null) {
            return tickets.containsKey(ticket);
        }
        // Only once registered: an id that names a ticket, not a release, must fold nothing.
        return release != null && releaseId.equals(releaseSubject(payload));
    }

    /** The ticket a ticket event changes; for a canonical ticket's own events, the canonical one. */
    private static String ticketSubject(Object payload) {
        if (payload instanceof TicketPrioritised event) {
            return event.ticketId();
        } else if (payload instanceof TicketAssigned event) {
            return event.ticketId();
        } else if (payload instanceof TicketMarkedDuplicate event) {
            return event.ticketId();
        } else if (payload instanceof DuplicateAttached event) {
            return event.canonicalTicketId();
        } else if (payload instanceof DuplicateDetached event) {
            return event.canonicalTicketId();
        } else if (payload instanceof TicketResolved event) {
            return event.ticketId();
        } else if (payload instanceof TicketReopened event) {
            return event.ticketId();
        } else if (payload instanceof RegressionDetected event) {
            return event.ticketId();
        }
        return null;
    }

    /** The release a retrospective event belongs to. */
    private static String releaseSubject(Object payload) {
        if (payload instanceof LessonRecorded event) {
            return event.releaseId();
        } else if (payload instanceof ActionItemAdded event) {
            return event.releaseId();
        } else if (payload instanceof ActionItemCompleted event) {
            return event.releaseId();
        } else if (payload instanceof RetrospectiveClosed event) {
            return event.releaseId();
        }
        return null;
    }

    private void fold(Object payload) {
        if (payload instanceof ReleaseRegistered registered) {
            if (registered.releaseId().equals(releaseId)) {
                release = registered;
            } else {
                hotfixes.add(registered.releaseId());
            }
        } else if (payload instanceof TicketReported reported) {
            tickets.put(reported.ticketId(), new TicketState(reported));
        } else if (payload instanceof TicketPrioritised event) {
            tickets.get(event.ticketId()).prioritised(event);
        } else if (payload instanceof TicketAssigned event) {
            tickets.get(event.ticketId()).assigned(event);
        } else if (payload instanceof TicketMarkedDuplicate event) {
            tickets.get(event.ticketId()).duplicateOf(event.canonicalTicketId());
        } else if (payload instanceof DuplicateAttached event) {
            tickets.get(event.canonicalTicketId()).duplicates.add(event.duplicateTicketId());
        } else if (payload instanceof DuplicateDetached event) {
            tickets.get(event.canonicalTicketId()).duplicates.remove(event.duplicateTicketId());
        } else if (payload instanceof TicketResolved event) {
            tickets.get(event.ticketId()).resolved(event);
        } else if (payload instanceof TicketReopened event) {
            tickets.get(event.ticketId()).reopened(event.reason());
        } else if (payload instanceof RegressionDetected event) {
            tickets.get(event.ticketId()).regression = true;
            regressions.add(new RegressionView(event.ticketId(), event.fixedIn(), event.observedIn(),
                    shown(event.at())));
        } else if (payload instanceof UserUpdatePublished event) {
            updates.add(new UserUpdateAsOf(event.updateId(), event.releaseId(), event.status().name(),
                    event.channel().label(), event.message(), event.ticketIds(), event.actor(), shown(event.at())));
        } else if (payload instanceof LessonRecorded event) {
            lessons.add(new LessonAsOf(event.lessonId(), event.title(), event.whatHappened(),
                    event.contributingFactors(), event.whatWentWell(), event.improvements(), event.ticketIds(),
                    event.tags(), event.actor(), shown(event.at())));
        } else if (payload instanceof ActionItemAdded event) {
            actionItems.put(event.actionItemId(), new ActionItemAsOf(event.actionItemId(), event.title(),
                    event.owner(), event.dueDate(), event.lessonId(), false, null, null, null));
        } else if (payload instanceof ActionItemCompleted event) {
            actionItems.computeIfPresent(event.actionItemId(), (id, item) -> new ActionItemAsOf(id, item.title(),
                    item.owner(), item.dueDate(), item.lessonId(), true, shown(event.at()), event.note(),
                    event.actor()));
        } else if (payload instanceof RetrospectiveClosed event) {
            retrospectiveClosed = true;
            retrospectiveSummary = event.summary();
            retrospectiveClosedAt = shown(event.at());
            retrospectiveClosedBy = event.actor();
        }
    }

    ReleaseAsOf result(long end) {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> openByPriority = new TreeMap<>();
        List<TicketAsOf> ticketViews = new ArrayList<>();
        for (TicketState ticket : tickets.values()) {
            byStatus.merge(ticket.status.name(), 1, Integer::sum);
            if (ticket.isOpen()) {
                openByPriority.merge(ticket.priority == null ? NO_PRIORITY : ticket.priority, 1, Integer::sum);
            }
            ticketViews.add(ticket.view(reporters.of(ticket.reported.ticketId(), ticket.reported.actor())));
        }
        return new ReleaseAsOf(releaseId, end, lastRecordedAt, applied, release.service(), release.version(),
                shown(release.deployedAt()), release.hotfixOf(), List.copyOf(hotfixes), ticketViews, byStatus,
                openByPriority, List.copyOf(updates), List.copyOf(lessons), List.copyOf(actionItems.values()),
                retrospectiveClosed, retrospectiveSummary, retrospectiveClosedAt, retrospectiveClosedBy,
                List.copyOf(regressions));
    }

    /**
     * A time as every other answer shows it, to the millisecond (read models keep times as dates), so the replay
     * reads the same as the release page, the ticket views and the timeline; the export's payloads keep the rest.
     */
    private static Instant shown(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
    }

    /** One ticket's decisions so far. */
    private static final class TicketState {

        private final TicketReported reported;
        private final List<String> duplicates = new ArrayList<>();
        private TicketStatus status = TicketStatus.REPORTED;
        private String severity;
        private String urgency;
        private String priority;
        private String assignee;
        private String resolution;
        private String resolutionSummary;
        private String fixedIn;
        private Instant acknowledgedAt;
        private Instant resolvedAt;
        private String lastReopenReason;
        private String canonicalTicketId;
        private boolean regression;

        TicketState(TicketReported reported) {
            this.reported = reported;
        }

        void prioritised(TicketPrioritised event) {
            severity = event.severity().name();
            urgency = event.urgency().name();
            priority = event.priority().name();
            acknowledged(shown(event.at()));
            if (status == TicketStatus.REPORTED || status == TicketStatus.REOPENED) {
                status = TicketStatus.TRIAGED;
            }
        }

        void assigned(TicketAssigned event) {
            assignee = event.assignee();
            status = TicketStatus.IN_PROGRESS;
            acknowledged(shown(event.at()));
        }

        /** As the ticket view: the first prioritisation or assignment, kept through reopenings. */
        private void acknowledged(Instant at) {
            if (acknowledgedAt == null) {
                acknowledgedAt = at;
            }
        }

        void duplicateOf(String canonical) {
            canonicalTicketId = canonical;
            status = TicketStatus.DUPLICATE;
        }

        /** As the ticket view: an open ticket has no resolution; the one it had stays in the log. */
        void reopened(String reason) {
            canonicalTicketId = null;
            resolution = null;
            resolutionSummary = null;
            fixedIn = null;
            resolvedAt = null;
            lastReopenReason = reason;
            status = TicketStatus.REOPENED;
        }

        void resolved(TicketResolved event) {
            resolution = event.resolution().name();
            resolutionSummary = event.summary();
            fixedIn = event.fixedIn();
            resolvedAt = shown(event.at());
            status = TicketStatus.RESOLVED;
        }

        boolean isOpen() {
            return status != TicketStatus.RESOLVED && status != TicketStatus.DUPLICATE;
        }

        TicketAsOf view(List<String> reporters) {
            return new TicketAsOf(reported.ticketId(), reported.releaseId(), reported.title(), reported.actor(),
                    shown(reported.at()), status.name(), severity, urgency, priority, assignee, resolution, fixedIn,
                    canonicalTicketId, List.copyOf(duplicates), regression, reported.description(),
                    reported.component(), reported.reportedVia(), resolutionSummary, reporters, acknowledgedAt,
                    resolvedAt, lastReopenReason);
        }
    }
}
