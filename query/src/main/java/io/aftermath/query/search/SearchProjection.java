package io.aftermath.query.search;

import java.util.Optional;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.apache.lucene.document.Document;
import org.springframework.stereotype.Component;

import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.query.FindPostmortem;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.PostmortemView;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketPrioritised;

/**
 * Indexes lessons (with their release's service and the severity of their most severe linked ticket)
 * and imported post-mortems. Every write replaces the document with the same id, so replaying events
 * changes nothing; a ticket's severity is only replaced by a later event's.
 */
@Component
@ProcessingGroup(ProjectionNames.SEARCH)
public class SearchProjection {

    private final SearchIndex index;
    private final PostmortemSearch search;
    private final PostmortemViews views;

    public SearchProjection(SearchIndex index) {
        this.index = index;
        this.search = new PostmortemSearch(index);
        this.views = new PostmortemViews(index);
    }

    @EventHandler
    public void on(PostmortemImported event) {
        index.update(SearchDocuments.postmortemId(event.postmortemId()), SearchDocuments.postmortem(event));
    }

    @EventHandler
    public void on(LessonRecorded event) {
        SearchIndex.Generation generation = index.writing();
        String id = SearchDocuments.lessonId(event.lessonId());
        for (String ticketId : event.ticketIds()) {
            generation.lessonsByTicket.computeIfAbsent(ticketId, t -> new java.util.HashSet<>()).add(id);
        }
        index.update(id, SearchDocuments.lesson(event, severityOf(generation, event.ticketIds())));
    }

    @EventHandler
    public void on(TicketPrioritised event, TrackingToken token) {
        long position = Positions.of(token);
        SearchIndex.Generation generation = index.writing();
        long[] known = generation.tickets.get(event.ticketId());
        if (known != null && known[1] >= position) {
            return;
        }
        generation.tickets.put(event.ticketId(), new long[] {event.severity().ordinal(), position});
        index.update(SearchDocuments.ticketId(event.ticketId()),
                SearchDocuments.ticket(event.ticketId(), event.severity(), position));
        if (known != null && known[0] == event.severity().ordinal()) {
            return;
        }
        for (String lessonId : generation.lessonsByTicket.getOrDefault(event.ticketId(), Set.of())) {
            Document stored = index.stored(lessonId);
            if (stored != null) {
                index.update(lessonId, SearchDocuments.withSeverity(stored,
                        severityOf(generation, java.util.List.of(stored.getValues(SearchDocuments.TICKET_IDS)))));
            }
        }
    }

    @QueryHandler
    public PostmortemHits handle(SearchPostmortems query) {
        return search.search(query);
    }

    @QueryHandler
    public Optional<PostmortemView> handle(FindPostmortem query) {
        return views.find(query.id());
    }

    /** The most severe (S1 first) of the tickets' current severities; null when none is prioritised. */
    private static Severity severityOf(SearchIndex.Generation generation, java.util.List<String> ticketIds) {
        return ticketIds.stream().map(generation.tickets::get).filter(java.util.Objects::nonNull)
                .mapToInt(known -> (int) known[0]).min().stream().mapToObj(ordinal -> Severity.values()[ordinal])
                .findFirst().orElse(null);
    }
}
