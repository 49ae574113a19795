package io.aftermath.query.release;

import static io.aftermath.query.projection.Docs.date;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoDatabase;

import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.query.FindRelease;
import io.aftermath.shared.query.FindReleases;
import io.aftermath.shared.query.ReleaseView;
import io.aftermath.shared.release.ReleaseRegistered;
import io.aftermath.shared.release.UserUpdatePublished;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.ActionItemCompleted;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.retrospective.RetrospectiveClosed;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * One document per release with its health as running totals, so reading a release is one key
 * lookup however many tickets it has. The totals are derived from per-ticket facts kept beside them
 * ({@code release_ticket_facts}): each ticket event takes the ticket's contribution out of its
 * release's totals and puts the new one in. Release documents are written before facts (see
 * {@link ProjectionStore}), so a crash between the two never loses the "before" a replay needs.
 * <p>
 * MTTA is report to first prioritisation or assignment; MTTR is report to resolution, over tickets
 * that are resolved now (a reopened ticket leaves the mean until resolved again); both are bucketed
 * by the ticket's current priority, and duplicates count in neither.
 */
@Component
@ProcessingGroup(ProjectionNames.RELEASES)
public class ReleaseProjection {

    static final String RELEASES = "release_views";
    static final String FACTS = "release_ticket_facts";
    /** The sequence number of the last event of the release's stream: its aggregate version, its ETag. */
    static final String VERSION = "aggregateVersion";

    private final ProjectionStore store;
    private final Clock clock;

    @Autowired
    public ReleaseProjection(MongoDatabase database, Generations generations, ObjectProvider<Clock> clock) {
        this(database, generations, clock.getIfAvailable(Clock::systemUTC));
    }

    public ReleaseProjection(MongoDatabase database, Generations generations, Clock clock) {
        this.store = new ProjectionStore(database, generations, ProjectionNames.RELEASES, List.of(RELEASES, FACTS));
        this.clock = clock;
    }

    public ProjectionStore store() {
        return store;
    }

    @EventHandler
    public void on(ReleaseRegistered event, TrackingToken token, @SequenceNumber long sequence) {
        long position = Positions.of(token);
        if (event.hotfixOf() != null) {
            updateRelease(event.hotfixOf(), position, parent -> {
                List<String> hotfixes = Docs.mutableStrings(parent, "hotfixes");
                if (!hotfixes.contains(event.releaseId())) {
                    hotfixes.add(event.releaseId());
                }
            });
        }
        if (store.load(RELEASES, event.releaseId()) != null) {
            return;
        }
        Document release = new Document("_id", event.releaseId())
                .append("service", event.service())
                .append("version", event.version())
                .append("deployedAt", date(event.deployedAt()))
                .append("registeredAt", date(event.at()))
                .append("hotfixOf", event.hotfixOf())
                .append("hotfixes", new ArrayList<String>())
                .append("notes", event.notes())
                .append(VERSION, sequence);
        store.save(RELEASES, release, position);
    }

    @EventHandler
    public void on(TicketReported event, TrackingToken token) {
        long position = Positions.of(token);
        if (store.load(FACTS, event.ticketId()) != null) {
            return;
        }
        Document facts = new Document("_id", event.ticketId()).append("releaseId", event.releaseId())
                .append("status", TicketStatus.REPORTED.name()).append("reportedAt", date(event.at()));
        updateRelease(event.releaseId(), position, release -> HealthTotals.add(release, facts, +1));
        store.save(FACTS, facts, position);
    }

    @EventHandler
    public void on(TicketPrioritised event, TrackingToken token) {
        changeTicket(event.ticketId(), token, facts -> {
            facts.put("priority", event.priority().name());
            acknowledge(facts, event.at());
            String status = facts.getString("status");
            if (TicketStatus.REPORTED.name().equals(status) || TicketStatus.REOPENED.name().equals(status)) {
                facts.put("status", TicketStatus.TRIAGED.name());
            }
        });
    }

    @EventHandler
    public void on(TicketAssigned event, TrackingToken token) {
        changeTicket(event.ticketId(), token, facts -> {
            acknowledge(facts, event.at());
            facts.put("status", TicketStatus.IN_PROGRESS.name());
        });
    }

    @EventHandler
    public void on(TicketResolved event, TrackingToken token) {
        changeTicket(event.ticketId(), token, facts -> {
            facts.put("status", TicketStatus.RESOLVED.name());
            facts.put("resolvedAt", date(event.at()));
        });
    }

    @EventHandler
    public void on(TicketReopened event, TrackingToken token) {
        changeTicket(event.ticketId(), token, facts -> {
            facts.put("status", TicketStatus.REOPENED.name());
            facts.put("resolvedAt", null);
        });
    }

    @EventHandler
    public void on(TicketMarkedDuplicate event, TrackingToken token) {
        changeTicket(event.ticketId(), token, facts -> facts.put("status", TicketStatus.DUPLICATE.name()));
    }

    @EventHandler
    public void on(RegressionDetected event, TrackingToken token) {
        updateRelease(event.releaseId(), Positions.of(token), release -> Docs.documents(release, "regressions")
                .add(new Document("ticketId", event.ticketId()).append("fixedIn", event.fixedIn())
                        .append("observedIn", event.observedIn()).append("at", date(event.at()))));
    }

    @EventHandler
    public void on(UserUpdatePublished event, TrackingToken token, @SequenceNumber long sequence) {
        updateRelease(event.releaseId(), Positions.of(token), sequence,
                release -> Docs.documents(release, "userUpdates")
                        .add(new Document("updateId", event.updateId()).append("status", Docs.name(event.status()))
                                .append("channel", Docs.name(event.channel())).append("message", event.message())
                                .append("ticketIds", event.ticketIds()).append("actor", event.actor())
                                .append("at", date(event.at()))));
    }

    @EventHandler
    public void on(LessonRecorded event, TrackingToken token, @SequenceNumber long sequence) {
        updateRelease(event.releaseId(), Positions.of(token), sequence,
                release -> Docs.documents(release, "lessons")
                        .add(new Document("lessonId", event.lessonId()).append("title", event.title())
                                .append("whatHappened", event.whatHappened())
                                .append("contributingFactors", event.contributingFactors())
                                .append("whatWentWell", event.whatWentWell())
                                .append("improvements", event.improvements()).append("tags", event.tags()).append("ticketIds", event.ticketIds())
                                .append("actor", event.actor()).append("at", date(event.at()))));
    }

    @EventHandler
    public void on(ActionItemAdded event, TrackingToken token, @SequenceNumber long sequence) {
        updateRelease(event.releaseId(), Positions.of(token), sequence,
                release -> Docs.documents(release, "actionItems")
                        .add(new Document("actionItemId", event.actionItemId()).append("title", event.title())
                                .append("owner", event.owner())
                                .append("dueDate", event.dueDate() == null ? null : event.dueDate().toString())
                                .append("lessonId", event.lessonId()).append("done", false)));
    }

    @EventHandler
    public void on(ActionItemCompleted event, TrackingToken token, @SequenceNumber long sequence) {
        updateRelease(event.releaseId(), Positions.of(token), sequence,
                release -> Docs.documents(release, "actionItems")
                        .stream().filter(item -> event.actionItemId().equals(item.getString("actionItemId")))
                        .forEach(item -> item.append("done", true).append("completedAt", date(event.at()))
                                .append("note", event.note())));
    }

    @EventHandler
    public void on(RetrospectiveClosed event, TrackingToken token, @SequenceNumber long sequence) {
        updateRelease(event.releaseId(), Positions.of(token), sequence, release -> release.append("retroClosed", true)
                .append("retroSummary", event.summary()).append("retroClosedAt", date(event.at())));
    }

    @QueryHandler
    public Optional<ReleaseView> handle(FindRelease query) {
        Document release = store.reading(RELEASES).find(new Document("_id", query.releaseId())).first();
        LocalDate today = today();
        return Optional.ofNullable(release).map(found -> ReleaseViews.view(found, today));
    }

    /**
     * Newest deployment first, sorted and cut by the store, so only the page travels (release documents
     * carry their user updates and retrospective). There are far fewer releases than tickets, so no
     * index: the store's top-k sort over them is cheap.
     */
    @QueryHandler
    public List<ReleaseView> handle(FindReleases query) {
        Document filter = query.service() == null ? new Document() : new Document("service", query.service());
        return store.reading(RELEASES).find(filter)
                .sort(new Document("deployedAt", -1).append("_id", 1))
                .skip(query.offset())
                .limit(query.limit())
                .map(found -> ReleaseViews.view(found, today()))
                .into(new ArrayList<>());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void changeTicket(String ticketId, TrackingToken token, Consumer<Document> change) {
        long position = Positions.of(token);
        Document facts = store.load(FACTS, ticketId);
        if (facts == null || ProjectionStore.applied(facts, position)) {
            return;
        }
        Document before = new Document(facts);
        change.accept(facts);
        updateRelease(facts.getString("releaseId"), position, release -> {
            HealthTotals.add(release, before, -1);
            HealthTotals.add(release, facts, +1);
        });
        store.save(FACTS, facts, position);
    }

    private void updateRelease(String releaseId, long position, Consumer<Document> change) {
        updateRelease(releaseId, position, null, change);
    }

    /**
     * {@code sequence}: the event's number in the release's own stream, the release's version from now
     * on; null for an event of another stream (a ticket's, a hotfix's) that changes the release's view.
     */
    private void updateRelease(String releaseId, long position, Long sequence, Consumer<Document> change) {
        Document release = store.load(RELEASES, releaseId);
        if (release == null || ProjectionStore.applied(release, position)) {
            return;
        }
        change.accept(release);
        if (sequence != null) {
            release.put(VERSION, sequence);
        }
        store.save(RELEASES, release, position);
    }

    private static void acknowledge(Document facts, Instant at) {
        if (facts.get("acknowledgedAt") == null) {
            facts.put("acknowledgedAt", date(at));
        }
    }
}
