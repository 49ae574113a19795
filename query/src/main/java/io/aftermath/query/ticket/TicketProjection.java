package io.aftermath.query.ticket;

import static io.aftermath.query.projection.Docs.date;
import static io.aftermath.query.projection.Docs.details;
import static io.aftermath.query.projection.Docs.name;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.DuplicateReporters;
import io.aftermath.query.projection.EntryChunks;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.query.FindTicket;
import io.aftermath.shared.query.Window;
import io.aftermath.shared.query.HistoryEntry;
import io.aftermath.shared.query.TicketView;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.LessonRecorded;
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
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * One document per ticket: its current state; its history, every event of its stream plus the user
 * updates and lessons that name it, is in {@link EntryChunks} beside it, and what each duplicate
 * brought in {@link DuplicateReporters}, so a ticket's document grows only by its duplicates' ids.
 * Read by id only.
 */
@Component
@ProcessingGroup(ProjectionNames.TICKETS)
public class TicketProjection {

    static final String TICKETS = "ticket_views";
    static final String HISTORY = "ticket_history";
    static final String DUPLICATE_REPORTERS = "ticket_duplicate_reporters";
    /** A ticket's count of its history entries, which are in {@link #HISTORY}. */
    static final String HISTORY_ENTRIES = "historyEntries";
    /** Where an earlier version kept a ticket's history, read while its upgrade rebuilds the projection. */
    private static final String INLINE_HISTORY = "history";
    /** The sequence number of the last event of the ticket's stream: its aggregate version, its ETag. */
    static final String VERSION = "aggregateVersion";

    private final ProjectionStore store;
    private final EntryChunks historyChunks;
    private final DuplicateReporters duplicateReporters;

    public TicketProjection(MongoDatabase database, Generations generations) {
        this.store = new ProjectionStore(database, generations, ProjectionNames.TICKETS,
                List.of(HISTORY, DUPLICATE_REPORTERS, TICKETS));
        this.historyChunks = new EntryChunks(store, HISTORY, TICKETS, HISTORY_ENTRIES);
        this.duplicateReporters = new DuplicateReporters(store, DUPLICATE_REPORTERS, TICKETS);
    }

    public ProjectionStore store() {
        return store;
    }

    @EventHandler
    public void on(TicketReported event, TrackingToken token, @SequenceNumber long sequence) {
        long position = Positions.of(token);
        Document ticket = store.load(TICKETS, event.ticketId());
        if (ticket != null) {
            return;
        }
        ticket = new Document("_id", event.ticketId())
                .append("releaseId", event.releaseId())
                .append("title", event.title())
                .append("description", event.description())
                .append("component", event.component())
                .append("reportedVia", event.reportedVia())
                .append("reporter", event.actor())
                .append("status", TicketStatus.REPORTED.name())
                .append("reportedAt", date(event.at()))
                .append(VERSION, sequence);
        DuplicateReporters.start(ticket, event.actor());
        history(ticket, position, "TicketReported", event.at(), event.actor(),
                details("title", event.title(), "description", event.description(), "component", event.component(),
                        "reportedVia", event.reportedVia()));
        store.save(TICKETS, ticket, position);
    }

    @EventHandler
    public void on(TicketPrioritised event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "TicketPrioritised", event.at(), event.actor(), sequence,
                details("severity", event.severity(), "urgency", event.urgency(), "priority", event.priority(),
                        "previousPriority", event.previousPriority(), "reason", event.reason()),
                ticket -> {
                    ticket.put("severity", name(event.severity()));
                    ticket.put("urgency", name(event.urgency()));
                    ticket.put("priority", name(event.priority()));
                    acknowledge(ticket, event.at());
                    String status = ticket.getString("status");
                    if (TicketStatus.REPORTED.name().equals(status) || TicketStatus.REOPENED.name().equals(status)) {
                        ticket.put("status", TicketStatus.TRIAGED.name());
                    }
                });
    }

    @EventHandler
    public void on(TicketAssigned event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "TicketAssigned", event.at(), event.actor(), sequence,
                details("assignee", event.assignee()), ticket -> {
                    ticket.put("assignee", event.assignee());
                    ticket.put("status", TicketStatus.IN_PROGRESS.name());
                    acknowledge(ticket, event.at());
                });
    }

    @EventHandler
    public void on(TicketResolved event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "TicketResolved", event.at(), event.actor(), sequence,
                details("resolution", event.resolution(), "summary", event.summary(), "fixedIn", event.fixedIn()),
                ticket -> {
                    ticket.put("status", TicketStatus.RESOLVED.name());
                    ticket.put("resolution", name(event.resolution()));
                    ticket.put("resolutionSummary", event.summary());
                    ticket.put("fixedIn", event.fixedIn());
                    ticket.put("resolvedAt", date(event.at()));
                });
    }

    @EventHandler
    public void on(TicketReopened event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "TicketReopened", event.at(), event.actor(), sequence,
                details("reason", event.reason(), "observedIn", event.observedIn()), ticket -> {
                    // An open ticket has no resolution; the one it had stays in its history.
                    ticket.put("status", TicketStatus.REOPENED.name());
                    ticket.put("resolvedAt", null);
                    ticket.put("resolution", null);
                    ticket.put("resolutionSummary", null);
                    ticket.put("fixedIn", null);
                    ticket.put("canonicalTicketId", null);
                });
    }

    @EventHandler
    public void on(RegressionDetected event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "RegressionDetected", event.at(), event.actor(), sequence,
                details("fixedIn", event.fixedIn(), "observedIn", event.observedIn()),
                ticket -> ticket.put("regression", true));
    }

    @EventHandler
    public void on(TicketMarkedDuplicate event, TrackingToken token, @SequenceNumber long sequence) {
        update(event.ticketId(), token, "TicketMarkedDuplicate", event.at(), event.actor(), sequence,
                details("canonicalTicketId", event.canonicalTicketId(), "requestedCanonicalTicketId",
                        event.requestedCanonicalTicketId()), ticket -> {
                    ticket.put("status", TicketStatus.DUPLICATE.name());
                    ticket.put("canonicalTicketId", event.canonicalTicketId());
                });
    }

    /**
     * The canonical's reporters grow by the duplicate's, including those of its own duplicates, as
     * the triage queue counts them: a ticket that had duplicates brings their reporters along.
     */
    @EventHandler
    public void on(DuplicateAttached event, TrackingToken token, @SequenceNumber long sequence) {
        Document duplicate = store.load(TICKETS, event.duplicateTicketId());
        List<String> joining = new ArrayList<>();
        joining.add(event.duplicateReporter());
        if (duplicate != null) {
            joining.addAll(DuplicateReporters.of(duplicate));
        }
        update(event.canonicalTicketId(), token, "DuplicateAttached", event.at(), event.actor(), sequence,
                details("duplicateTicketId", event.duplicateTicketId(), "duplicateReporter",
                        event.duplicateReporter()), ticket -> {
                    addOnce(Docs.mutableStrings(ticket, "duplicates"), event.duplicateTicketId());
                    duplicateReporters.attach(ticket, event.duplicateTicketId(), joining, Positions.of(token));
                });
    }

    /**
     * The canonical's reporters shrink by what the duplicate brought, and so do those of every ticket
     * above it (a canonical that is itself a duplicate counts in its own canonical's reporters). Only
     * the canonical's history shows the event: it is on that ticket's stream.
     */
    @EventHandler
    public void on(DuplicateDetached event, TrackingToken token, @SequenceNumber long sequence) {
        long position = Positions.of(token);
        Document changed = update(event.canonicalTicketId(), token, "DuplicateDetached", event.at(), event.actor(),
                sequence,
                details("duplicateTicketId", event.duplicateTicketId(), "reason", event.reason()), ticket -> {
                    Docs.mutableStrings(ticket, "duplicates").remove(event.duplicateTicketId());
                    duplicateReporters.detach(ticket, event.duplicateTicketId(), position);
                });
        // Each ticket takes the event once (its position guard), so this ends even on a looping chain.
        while (changed != null && changed.getString("canonicalTicketId") != null) {
            Document duplicate = changed;
            changed = store.load(TICKETS, duplicate.getString("canonicalTicketId"));
            if (changed == null || ProjectionStore.applied(changed, position)) {
                return;
            }
            duplicateReporters.attach(changed, duplicate.getString("_id"), DuplicateReporters.of(duplicate),
                    position);
            store.save(TICKETS, changed, position);
        }
    }

    @EventHandler
    public void on(UserUpdatePublished event, TrackingToken token) {
        for (String ticketId : event.ticketIds()) {
            update(ticketId, token, "UserUpdatePublished", event.at(), event.actor(), null,
                    details("updateId", event.updateId(), "status", event.status(), "channel",
                            event.channel() == null ? null : event.channel().label(), "message", event.message()),
                    ticket -> {
                    });
        }
    }

    @EventHandler
    public void on(LessonRecorded event, TrackingToken token) {
        for (String ticketId : event.ticketIds()) {
            update(ticketId, token, "LessonRecorded", event.at(), event.actor(), null,
                    details("lessonId", event.lessonId(), "title", event.title()), ticket -> {
                    });
        }
    }

    @QueryHandler
    public Optional<TicketView> handle(FindTicket query) {
        Document ticket = store.reading(TICKETS).find(new Document("_id", query.ticketId())).first();
        return Optional.ofNullable(ticket).map(found -> view(found, query.history(), query.duplicates()));
    }

    private TicketView view(Document ticket, Window history, Window duplicates) {
        if (ticket.containsKey(INLINE_HISTORY)) {
            List<Document> inline = Docs.documents(ticket, INLINE_HISTORY);
            int total = inline.size();
            return view(ticket, inline.subList(history.from(total), history.to(total)), total, duplicates);
        }
        int total = Docs.intValue(ticket, HISTORY_ENTRIES);
        return view(ticket, historyChunks.read(ticket, history.from(total), history.to(total)), total, duplicates);
    }

    /**
     * Returns the changed ticket, or null when it is absent or already holds the event. {@code sequence}
     * is the event's number in the ticket's own stream, the ticket's version from now on; null for an
     * event of another stream (a release's) that merely names the ticket.
     */
    private Document update(String ticketId, TrackingToken token, String type, Instant at, String actor,
                            Long sequence, Document details, java.util.function.Consumer<Document> change) {
        long position = Positions.of(token);
        Document ticket = store.load(TICKETS, ticketId);
        if (ticket == null || ProjectionStore.applied(ticket, position)) {
            return null;
        }
        change.accept(ticket);
        if (sequence != null) {
            ticket.put(VERSION, sequence);
        }
        history(ticket, position, type, at, actor, details);
        store.save(TICKETS, ticket, position);
        return ticket;
    }

    private static void acknowledge(Document ticket, Instant at) {
        if (ticket.get("acknowledgedAt") == null) {
            ticket.put("acknowledgedAt", date(at));
        }
    }

    private static void addOnce(List<String> values, String value) {
        if (value != null && !values.contains(value)) {
            values.add(value);
        }
    }

    private void history(Document ticket, long position, String type, Instant at, String actor, Document details) {
        historyChunks.append(ticket, position, () -> new Document("position", position).append("type", type)
                .append("at", date(at)).append("actor", actor).append("details", details));
    }

    private static TicketView view(Document ticket, List<Document> entries, int historyTotal, Window shownDuplicates) {
        List<HistoryEntry> history = entries.stream()
                .map(entry -> new HistoryEntry(Docs.longValue(entry, "position"), entry.getString("type"),
                        Docs.instant(entry, "at"), entry.getString("actor"),
                        Docs.stringMap(entry.get("details", Document.class))))
                .toList();
        List<String> duplicates = Docs.strings(ticket, "duplicates");
        return new TicketView(ticket.getString("_id"), ticket.getString("releaseId"), ticket.getString("title"),
                ticket.getString("description"), ticket.getString("component"), ticket.getString("reportedVia"),
                ticket.getString("reporter"), Docs.enumValue(ticket, "status", TicketStatus.class),
                Docs.enumValue(ticket, "severity", Severity.class), Docs.enumValue(ticket, "urgency", Urgency.class),
                Docs.enumValue(ticket, "priority", Priority.class), ticket.getString("assignee"),
                Docs.enumValue(ticket, "resolution", Resolution.class), ticket.getString("resolutionSummary"),
                ticket.getString("fixedIn"), ticket.getString("canonicalTicketId"),
                duplicates.subList(shownDuplicates.from(duplicates.size()), shownDuplicates.to(duplicates.size())),
                duplicates.size(), DuplicateReporters.of(ticket), Boolean.TRUE.equals(ticket.getBoolean("regression")),
                Docs.instant(ticket, "reportedAt"), Docs.instant(ticket, "acknowledgedAt"),
                Docs.instant(ticket, "resolvedAt"), history, historyTotal,
                ticket.get(VERSION) instanceof Number version ? version.longValue() : null);
    }
}
