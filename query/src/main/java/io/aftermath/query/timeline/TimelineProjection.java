package io.aftermath.query.timeline;

import static io.aftermath.query.projection.Docs.date;
import static io.aftermath.query.projection.Docs.details;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.EntryChunks;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.query.FindTimeline;
import io.aftermath.shared.query.Timeline;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * A release's story as it happened. Each release has a head document (counters and first/last
 * moments) and its entries in {@link EntryChunks}, so no document outgrows MongoDB's 16 MB however
 * long the story. Hotfixes keep their own story; {@link TimelineReader} folds them into their parent's
 * when read.
 */
@Component
@ProcessingGroup(ProjectionNames.TIMELINES)
public class TimelineProjection {

    static final String TICKETS = "timeline_tickets";
    static final String CHUNKS = "timeline_chunks";
    static final String HEADS = "timeline_heads";
    static final String ACTION_ITEMS = "timeline_action_items";
    /** A head's count of its entries, which are in {@link #CHUNKS}. */
    static final String ENTRIES = "entries";

    private final ProjectionStore store;
    private final EntryChunks chunks;
    private final TimelineReader reader;

    public TimelineProjection(MongoDatabase database, Generations generations) {
        this.store = new ProjectionStore(database, generations, ProjectionNames.TIMELINES,
                List.of(TICKETS, CHUNKS, HEADS, ACTION_ITEMS));
        this.chunks = new EntryChunks(store, CHUNKS, HEADS, ENTRIES);
        store.markWrites(HEADS);
        this.reader = new TimelineReader(store, chunks);
    }

    public ProjectionStore store() {
        return store;
    }

    @EventHandler
    public void on(ReleaseRegistered event, TrackingToken token) {
        long position = Positions.of(token);
        if (event.hotfixOf() != null) {
            updateHead(event.hotfixOf(), position, parent -> {
                List<String> hotfixes = Docs.mutableStrings(parent, "hotfixes");
                if (!hotfixes.contains(event.releaseId())) {
                    hotfixes.add(event.releaseId());
                }
            });
        }
        if (store.load(HEADS, event.releaseId()) == null) {
            store.save(HEADS, new Document("_id", event.releaseId()).append("hotfixOf", event.hotfixOf())
                    .append("hotfixes", new ArrayList<String>()).append("deployedAt", date(event.deployedAt()))
                    .append(ENTRIES, 0), position - 1);
        }
        boolean hotfix = event.hotfixOf() != null;
        append(event.releaseId(), position, event.deployedAt(), hotfix ? "HOTFIX_DEPLOYED" : "DEPLOYED", null,
                event.actor(), (hotfix ? "Hotfix " : "Release ") + event.releaseId() + " deployed"
                        + (hotfix ? " for " + event.hotfixOf() : ""),
                details("version", event.version(), "hotfixOf", event.hotfixOf(), "notes", event.notes()),
                head -> {
                });
    }

    @EventHandler
    public void on(TicketReported event, TrackingToken token) {
        long position = Positions.of(token);
        if (store.load(TICKETS, event.ticketId()) == null) {
            store.save(TICKETS, new Document("_id", event.ticketId()).append("releaseId", event.releaseId())
                    .append("title", event.title()), position);
        }
        Document head = store.load(HEADS, event.releaseId());
        if (head == null || ProjectionStore.applied(head, position)) {
            return;
        }
        Consumer<Document> count = h -> {
            increment(h, "reports", 1);
            increment(h, "open", 1);
        };
        if (head.get("firstReportAt") == null) {
            append(event.releaseId(), position, event.at(), "FIRST_REPORT", event.ticketId(), event.actor(),
                    "First report: " + event.title(), details("title", event.title(), "component", event.component()),
                    count.andThen(h -> h.put("firstReportAt", date(event.at()))));
        } else {
            updateHead(event.releaseId(), position, count);
        }
    }

    @EventHandler
    public void on(TicketPrioritised event, TrackingToken token) {
        Document ticket = store.load(TICKETS, event.ticketId());
        if (ticket == null) {
            return;
        }
        String change = event.previousPriority() == null ? "prioritised " + event.priority()
                : event.previousPriority() == event.priority() ? "re-prioritised, still " + event.priority()
                : "re-prioritised " + event.previousPriority() + " → " + event.priority();
        append(ticket.getString("releaseId"), Positions.of(token), event.at(), "SEVERITY_CHANGED", event.ticketId(),
                event.actor(), named(ticket, event.ticketId()) + " " + change + " (" + event.severity() + "/"
                        + event.urgency() + ")",
                details("severity", event.severity(), "urgency", event.urgency(), "priority", event.priority(),
                        "previousPriority", event.previousPriority(), "reason", event.reason()),
                head -> {
                });
    }

    @EventHandler
    public void on(TicketMarkedDuplicate event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "DUPLICATE_MERGED", event.ticketId(), event.actor(),
                ticketName(event.ticketId()) + " merged into " + ticketName(event.canonicalTicketId()),
                details("canonicalTicketId", event.canonicalTicketId()), head -> {
                    increment(head, "duplicates", 1);
                    increment(head, "open", -1);
                });
    }

    @EventHandler
    public void on(UserUpdatePublished event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "USER_UPDATE", null, event.actor(),
                event.status() + " on " + (event.channel() == null ? "?" : event.channel().label()) + ": "
                        + event.message(),
                details("status", event.status(), "channel", event.channel() == null ? null : event.channel().label(),
                        "message", event.message(), "ticketIds", String.join(",", event.ticketIds())),
                head -> {
                    increment(head, "userUpdates", 1);
                    if (head.get("firstUserUpdateAt") == null) {
                        head.put("firstUserUpdateAt", date(event.at()));
                    }
                });
    }

    @EventHandler
    public void on(TicketResolved event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "RESOLVED", event.ticketId(), event.actor(),
                ticketName(event.ticketId()) + " resolved " + event.resolution()
                        + (event.fixedIn() == null ? "" : " in " + event.fixedIn()),
                details("resolution", event.resolution(), "summary", event.summary(), "fixedIn", event.fixedIn()),
                head -> {
                    increment(head, "resolutions", 1);
                    increment(head, "open", -1);
                    Instant last = Docs.instant(head, "lastResolutionAt");
                    if (last == null || event.at().isAfter(last)) {
                        head.put("lastResolutionAt", date(event.at()));
                    }
                });
    }

    @EventHandler
    public void on(TicketReopened event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "REOPENED", event.ticketId(), event.actor(),
                ticketName(event.ticketId()) + " reopened: " + event.reason(),
                details("reason", event.reason(), "observedIn", event.observedIn()),
                head -> increment(head, "open", 1));
    }

    @EventHandler
    public void on(RegressionDetected event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "REGRESSION", event.ticketId(), event.actor(),
                ticketName(event.ticketId()) + " regressed: fixed in " + event.fixedIn() + (event.observedIn() == null
                        ? ", reopened after it shipped" : ", seen again in " + event.observedIn()),
                details("fixedIn", event.fixedIn(), "observedIn", event.observedIn()),
                head -> increment(head, "regressions", 1));
    }

    @EventHandler
    public void on(LessonRecorded event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "LESSON", null, event.actor(),
                "Lesson: " + event.title(),
                details("lessonId", event.lessonId(), "title", event.title(), "tags", String.join(",", event.tags())),
                head -> increment(head, "lessons", 1));
    }

    @EventHandler
    public void on(ActionItemAdded event, TrackingToken token) {
        if (store.load(ACTION_ITEMS, event.actionItemId()) == null) {
            store.save(ACTION_ITEMS, new Document("_id", event.actionItemId()).append("title", event.title()),
                    Positions.of(token));
        }
        append(event.releaseId(), Positions.of(token), event.at(), "ACTION_ITEM", null, event.actor(),
                "Action item for " + event.owner() + ": " + event.title(),
                details("actionItemId", event.actionItemId(), "owner", event.owner(), "dueDate", event.dueDate(),
                        "lessonId", event.lessonId()),
                head -> increment(head, "actionItems", 1));
    }

    @EventHandler
    public void on(ActionItemCompleted event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "ACTION_ITEM_DONE", null, event.actor(),
                "Action item done: " + named(store.load(ACTION_ITEMS, event.actionItemId()), event.actionItemId()),
                details("actionItemId", event.actionItemId(), "note", event.note()),
                head -> increment(head, "actionItemsDone", 1));
    }

    @EventHandler
    public void on(RetrospectiveClosed event, TrackingToken token) {
        append(event.releaseId(), Positions.of(token), event.at(), "RETROSPECTIVE_CLOSED", null, event.actor(),
                "Retrospective closed: " + event.summary(), details("summary", event.summary()),
                head -> head.put("retroClosedAt", date(event.at())));
    }

    @QueryHandler
    public Optional<Timeline> handle(FindTimeline query) {
        return reader.timeline(query.releaseId(), query.entries());
    }

    private void append(String releaseId, long position, Instant at, String kind, String ticketId, String actor,
                        String summary, Document details, Consumer<Document> headChange) {
        Document head = store.load(HEADS, releaseId);
        if (head == null || ProjectionStore.applied(head, position)) {
            return;
        }
        chunks.append(head, position, () -> new Document("position", position).append("at", date(at))
                .append("kind", kind).append("releaseId", releaseId).append("ticketId", ticketId)
                .append("ticketTitle", ticketId == null ? null : titleOf(store.load(TICKETS, ticketId)))
                .append("actor", actor).append("summary", summary).append("details", details));
        headChange.accept(head);
        store.save(HEADS, head, position);
    }

    private String ticketName(String ticketId) {
        return named(store.load(TICKETS, ticketId), ticketId);
    }

    /**
     * A ticket or action item by its title, quoted, so a timeline reads as a story; by its id where the
     * title is unknown (a projection built before titles were kept, until it is rebuilt).
     */
    private static String named(Document titled, String id) {
        String title = titleOf(titled);
        return title == null ? id : "“" + title + "”";
    }

    private static String titleOf(Document titled) {
        return titled == null ? null : titled.getString("title");
    }

    private void updateHead(String releaseId, long position, Consumer<Document> change) {
        Document head = store.load(HEADS, releaseId);
        if (head == null || ProjectionStore.applied(head, position)) {
            return;
        }
        change.accept(head);
        store.save(HEADS, head, position);
    }

    private static void increment(Document head, String key, int by) {
        head.put(key, Docs.intValue(head, key) + by);
    }
}
