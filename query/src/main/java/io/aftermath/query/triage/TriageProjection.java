package io.aftermath.query.triage;

import static io.aftermath.query.projection.Docs.date;
import static io.aftermath.query.projection.Docs.name;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.DuplicateReporters;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.query.FindTriageQueue;
import io.aftermath.shared.query.TriageQueue;
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
 * One small document per ticket with what triage orders by. Queries are answered from each node's
 * {@link TriageIndex}, an in-memory ordering of the open ones loaded from these documents, because on
 * the embedded server any query but a key lookup scans the whole collection (at 100k tickets, a
 * sorted scan per request would take about half a second).
 */
@Component
@ProcessingGroup(ProjectionNames.TRIAGE)
public class TriageProjection {

    static final String ITEMS = "triage_items";
    static final String DUPLICATE_REPORTERS = "triage_duplicate_reporters";

    private final ProjectionStore store;
    private final DuplicateReporters duplicateReporters;
    private final TriageIndex index;

    public TriageProjection(MongoDatabase database, Generations generations, TriageIndex index) {
        this.store = new ProjectionStore(database, generations, ProjectionNames.TRIAGE,
                List.of(DUPLICATE_REPORTERS, ITEMS));
        this.duplicateReporters = new DuplicateReporters(store, DUPLICATE_REPORTERS, ITEMS);
        this.index = index;
        index.attach(store);
    }

    public ProjectionStore store() {
        return store;
    }

    @EventHandler
    public void on(TicketReported event, TrackingToken token) {
        long position = Positions.of(token);
        if (store.load(ITEMS, event.ticketId()) != null) {
            return;
        }
        Document item = new Document("_id", event.ticketId())
                .append("releaseId", event.releaseId())
                .append("service", Docs.serviceOf(event.releaseId()))
                .append("title", event.title())
                .append("status", TicketStatus.REPORTED.name())
                .append("open", true)
                .append("reporter", event.actor())
                .append("reportedAt", date(event.at()));
        DuplicateReporters.start(item, event.actor());
        store.save(ITEMS, item, position);
    }

    @EventHandler
    public void on(TicketPrioritised event, TrackingToken token) {
        update(event.ticketId(), token, item -> {
            item.put("priority", name(event.priority()));
            item.put("severity", name(event.severity()));
            item.put("urgency", name(event.urgency()));
            if (item.get("acknowledgedAt") == null) {
                // The acknowledgement met or missed the target of the priority it gave, whatever came later.
                item.put("acknowledgedPriority", name(event.priority()));
            }
            acknowledge(item, event.at());
            String status = item.getString("status");
            if (TicketStatus.REPORTED.name().equals(status) || TicketStatus.REOPENED.name().equals(status)) {
                status(item, TicketStatus.TRIAGED);
            }
        });
    }

    @EventHandler
    public void on(TicketAssigned event, TrackingToken token) {
        update(event.ticketId(), token, item -> {
            item.put("assignee", event.assignee());
            acknowledge(item, event.at());
            status(item, TicketStatus.IN_PROGRESS);
        });
    }

    @EventHandler
    public void on(TicketResolved event, TrackingToken token) {
        update(event.ticketId(), token, item -> status(item, TicketStatus.RESOLVED));
    }

    @EventHandler
    public void on(TicketReopened event, TrackingToken token) {
        update(event.ticketId(), token, item -> {
            status(item, TicketStatus.REOPENED);
            item.put("canonicalTicketId", null);
        });
    }

    @EventHandler
    public void on(RegressionDetected event, TrackingToken token) {
        update(event.ticketId(), token, item -> item.put("regression", true));
    }

    @EventHandler
    public void on(TicketMarkedDuplicate event, TrackingToken token) {
        update(event.ticketId(), token, item -> {
            status(item, TicketStatus.DUPLICATE);
            item.put("canonicalTicketId", event.canonicalTicketId());
        });
    }

    /** The canonical's impact grows by the duplicate's reporters, including those of its own duplicates. */
    @EventHandler
    public void on(DuplicateAttached event, TrackingToken token) {
        Document duplicate = store.load(ITEMS, event.duplicateTicketId());
        List<String> joining = new ArrayList<>();
        joining.add(event.duplicateReporter());
        if (duplicate != null) {
            joining.addAll(DuplicateReporters.of(duplicate));
        }
        long position = Positions.of(token);
        update(event.canonicalTicketId(), position,
                item -> duplicateReporters.attach(item, event.duplicateTicketId(), joining, position));
    }

    /**
     * The canonical's impact shrinks by what the duplicate brought, and so does that of every ticket
     * above it: a canonical that is itself a duplicate counts in its own canonical's impact.
     */
    @EventHandler
    public void on(DuplicateDetached event, TrackingToken token) {
        long position = Positions.of(token);
        Document changed = update(event.canonicalTicketId(), position,
                item -> duplicateReporters.detach(item, event.duplicateTicketId(), position));
        // Each ticket takes the event once (its position guard), so this ends even on a looping chain.
        while (changed != null && changed.getString("canonicalTicketId") != null) {
            Document duplicate = changed;
            changed = update(duplicate.getString("canonicalTicketId"), position, item -> duplicateReporters.attach(
                    item, duplicate.getString("_id"), DuplicateReporters.of(duplicate), position));
        }
    }

    @QueryHandler
    public TriageQueue handle(FindTriageQueue query) {
        return index.queue(query.releaseId(), query.service(), query.filter(), query.offset(), query.limit());
    }

    private Document update(String ticketId, TrackingToken token, Consumer<Document> change) {
        return update(ticketId, Positions.of(token), change);
    }

    /** Returns the changed item, or null when it is absent or already holds the event. */
    private Document update(String ticketId, long position, Consumer<Document> change) {
        Document item = store.load(ITEMS, ticketId);
        if (item == null || ProjectionStore.applied(item, position)) {
            return null;
        }
        change.accept(item);
        store.save(ITEMS, item, position);
        return item;
    }

    private static void acknowledge(Document item, java.time.Instant at) {
        if (item.get("acknowledgedAt") == null) {
            item.put("acknowledgedAt", date(at));
        }
    }

    private static void status(Document item, TicketStatus status) {
        item.put("status", status.name());
        item.put("open", !status.isClosed());
    }
}
