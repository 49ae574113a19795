package io.aftermath.query.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.springframework.stereotype.Component;

import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.postmortem.PostmortemImported;
import io.aftermath.shared.postmortem.PostmortemRevised;
import io.aftermath.shared.query.FindPostmortem;
import io.aftermath.shared.query.PostmortemHits;
import io.aftermath.shared.query.PostmortemView;
import io.aftermath.shared.query.SearchPostmortems;
import io.aftermath.shared.retrospective.ActionItemAdded;
import io.aftermath.shared.retrospective.LessonRecorded;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;

/**
 * Indexes lessons (with their release's service, the severity of their most severe linked ticket, and their
 * linked text: their tickets' titles and latest resolution summaries, their action items' titles) and imported
 * post-mortems. Every write replaces the document with the same id, so replaying events changes nothing; a
 * ticket's severity is only replaced by a later event's.
 * <p>
 * A ticket's text may come long before the lesson that links it, or after it (a resolution), so every ticket's
 * title and resolution summary, and every action item's title, is kept in the index as a document of its own,
 * on disk with the rest and never searched; the heap holds only which lessons link which tickets, as it does for
 * severity. A lesson is rewritten, from its stored fields and those documents, whenever one of them changes.
 * A ticket's events reach these handlers in log order (a redelivery after a failure repeats them in order from
 * the index's last commit), so its last resolution, or a reopening after it, is what stays.
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
    public void on(PostmortemRevised event) {
        index.update(SearchDocuments.postmortemId(event.postmortemId()), SearchDocuments.postmortem(event));
    }

    @EventHandler
    public void on(LessonRecorded event) {
        SearchIndex.Generation generation = index.writing();
        String id = SearchDocuments.lessonId(event.lessonId());
        for (String ticketId : event.ticketIds()) {
            generation.lessonsByTicket.computeIfAbsent(ticketId, t -> new HashSet<>()).add(id);
        }
        index.update(id, SearchDocuments.lesson(event, severityOf(generation, event.ticketIds()),
                linkedText(event.ticketIds(), event.lessonId(), event.releaseId())));
    }

    @EventHandler
    public void on(TicketReported event) {
        String id = SearchDocuments.ticketTitleId(event.ticketId());
        index.update(id, SearchDocuments.ticketText(id, event.ticketId(), event.title()));
        relinkLessonsOf(event.ticketId());
    }

    /** The latest resolution replaces an earlier one: what was finally done about it. */
    @EventHandler
    public void on(TicketResolved event) {
        String id = SearchDocuments.ticketResolutionId(event.ticketId());
        index.update(id, SearchDocuments.ticketText(id, event.ticketId(), event.summary()));
        relinkLessonsOf(event.ticketId());
    }

    /** A reopened ticket's fix did not hold: its summary no longer finds its lessons, as its view shows none. */
    @EventHandler
    public void on(TicketReopened event) {
        index.delete(SearchDocuments.ticketResolutionId(event.ticketId()));
        relinkLessonsOf(event.ticketId());
    }

    @EventHandler
    public void on(ActionItemAdded event) {
        if (event.lessonId() == null) {
            return;
        }
        index.update(SearchDocuments.actionItemId(event.actionItemId()), SearchDocuments.actionItem(event));
        relink(SearchDocuments.lessonId(event.lessonId()));
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
        relinkLessonsOf(event.ticketId());
    }

    @QueryHandler
    public PostmortemHits handle(SearchPostmortems query) {
        return search.search(query);
    }

    @QueryHandler
    public Optional<PostmortemView> handle(FindPostmortem query) {
        return views.find(query.id());
    }

    private void relinkLessonsOf(String ticketId) {
        index.writing().lessonsByTicket.getOrDefault(ticketId, Set.of()).forEach(this::relink);
    }

    /** Writes the lesson again with its tickets' and action items' current severity and text; none yet, nothing. */
    private void relink(String lessonId) {
        Document stored = index.stored(lessonId);
        if (stored == null) {
            return;
        }
        List<String> ticketIds = List.of(stored.getValues(SearchDocuments.TICKET_IDS));
        index.update(lessonId, SearchDocuments.relinked(stored, severityOf(index.writing(), ticketIds),
                linkedText(ticketIds, stored.get(SearchDocuments.LESSON_ID), stored.get(SearchDocuments.RELEASE_ID))));
    }

    /** Each ticket's title then its resolution summary, in the lesson's order; then its action items' titles. */
    private List<String> linkedText(List<String> ticketIds, String lessonId, String releaseId) {
        List<String> lines = new ArrayList<>();
        for (String ticketId : ticketIds) {
            for (String id : List.of(SearchDocuments.ticketTitleId(ticketId), SearchDocuments.ticketResolutionId(ticketId))) {
                Document text = index.stored(id);
                if (text != null) {
                    lines.add(text.get(SearchDocuments.TEXT_STORED));
                }
            }
        }
        Query items = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SearchDocuments.KIND, SearchDocuments.ACTION_ITEM)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(SearchDocuments.LESSON_ID, lessonId)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(SearchDocuments.RELEASE_ID, releaseId)), BooleanClause.Occur.FILTER)
                .build();
        // In the order they were added: the index's own order changes as documents are written again.
        index.stored(items, item -> SearchDocuments.ACTION_ITEM.equals(item.get(SearchDocuments.KIND))
                        && lessonId.equals(item.get(SearchDocuments.LESSON_ID))
                        && releaseId.equals(item.get(SearchDocuments.RELEASE_ID))).stream()
                .sorted(Comparator.comparing((Document item) -> item.getField(SearchDocuments.TIME_STORED)
                        .numericValue().longValue()).thenComparing(item -> item.get(SearchDocuments.ID)))
                .forEach(item -> lines.add(item.get(SearchDocuments.TEXT_STORED)));
        return lines.stream().filter(Objects::nonNull).toList();
    }

    /** The most severe (S1 first) of the tickets' current severities; null when none is prioritised. */
    private static Severity severityOf(SearchIndex.Generation generation, List<String> ticketIds) {
        return ticketIds.stream().map(generation.tickets::get).filter(Objects::nonNull)
                .mapToInt(known -> (int) known[0]).min().stream().mapToObj(ordinal -> Severity.values()[ordinal])
                .findFirst().orElse(null);
    }
}
