package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bson.Document;

/**
 * The reporters a ticket counts ({@code reporters}): its own ({@code reporter}) and, per duplicate
 * attached to it, that duplicate's reporters, its own duplicates' included. Detaching a duplicate takes
 * back exactly what it brought: a reporter who also reported the canonical, or another of its
 * duplicates, stays counted.
 * <p>
 * What each duplicate brought is a document of its own, {@code <canonical>#<duplicate>}, and the ticket
 * keeps only how many of its sources name each reporter ({@value #SOURCES}), so its document grows with
 * its distinct reporters, not with its duplicates (a canonical ticket with 70,000 duplicates would
 * otherwise outgrow MongoDB's 16 MB and stop its projection).
 * <p>
 * A contribution keeps each value it took ({@value #VERSIONS}, by the position that set it) since the
 * one its ticket counts as stored: contributions are flushed before tickets, so a batch that failed
 * between the two (a crash, a lost write race) is processed again against the ticket as it was, and each
 * of its events finds what the duplicate had brought just before it, however often the batch changed it
 * (tester 45: keeping one value back lost reporters when a batch attached and detached the same one).
 */
public final class DuplicateReporters {

    static final String SOURCES = "reporterSources";
    static final String VERSIONS = "versions";

    private final ProjectionStore store;
    private final String collection;
    private final String ticketsCollection;

    public DuplicateReporters(ProjectionStore store, String collection, String ticketsCollection) {
        this.store = store;
        this.collection = collection;
        this.ticketsCollection = ticketsCollection;
        store.keyedOtherwise(collection);
    }

    /** A new ticket's count: its own reporter, its one source so far. */
    public static void start(Document ticket, String reporter) {
        ticket.put(SOURCES, new ArrayList<>(List.of(source(reporter, 1))));
    }

    /**
     * The reporters the ticket counts, in {@link #ordered} order; for a document an earlier version wrote,
     * served while the upgrade rebuilds its projection, the list it stored.
     */
    public static List<String> of(Document ticket) {
        if (!ticket.containsKey(SOURCES)) {
            return Docs.strings(ticket, "reporters");
        }
        return ordered(ticket.getString("reporter"),
                Docs.documents(ticket, SOURCES).stream().map(source -> source.getString("reporter")).toList());
    }

    /** Adds the duplicate's contribution, or replaces it when its own reporters changed. */
    public void attach(Document ticket, String duplicateTicketId, List<String> reporters, long position) {
        replace(ticket, duplicateTicketId, reporters.stream().filter(Objects::nonNull).distinct().toList(), position);
    }

    public void detach(Document ticket, String duplicateTicketId, long position) {
        replace(ticket, duplicateTicketId, List.of(), position);
    }

    private void replace(Document ticket, String duplicateTicketId, List<String> brought, long position) {
        String id = ticket.getString("_id") + "#" + duplicateTicketId;
        Document contribution = store.load(collection, id);
        if (contribution == null) {
            contribution = new Document("_id", id);
        }
        List<Document> versions = Docs.documents(contribution, VERSIONS);
        List<String> taken = broughtBefore(versions, position);
        keepSince(versions, store.storedPosition(ticketsCollection, ticket));
        versions.removeIf(version -> Docs.longValue(version, "at") >= position);
        versions.add(new Document("at", position).append("reporters", brought));
        store.save(collection, contribution, position);
        List<Document> sources = sources(ticket);
        taken.forEach(reporter -> count(sources, reporter, -1));
        brought.forEach(reporter -> count(sources, reporter, 1));
    }

    /** What the duplicate had brought before the event at {@code position}: the ticket counts exactly that. */
    private static List<String> broughtBefore(List<Document> versions, long position) {
        List<String> brought = List.of();
        for (Document version : versions) {
            if (Docs.longValue(version, "at") < position) {
                brought = Docs.strings(version, "reporters");
            }
        }
        return brought;
    }

    /** Drops the versions before the one the ticket counts as stored ({@code ticketPosition}): none is asked again. */
    private static void keepSince(List<Document> versions, long ticketPosition) {
        int counted = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (Docs.longValue(versions.get(i), "at") <= ticketPosition) {
                counted = i;
            }
        }
        if (counted > 0) {
            versions.subList(0, counted).clear();
        }
    }

    /**
     * The ticket's own reporter first, then the others by name: an order that depends only on who is counted,
     * not on the order duplicates came and went, so the ledger's replay shows the same list.
     */
    public static List<String> ordered(String own, Collection<String> reporters) {
        List<String> ordered = new ArrayList<>();
        if (own != null && reporters.contains(own)) {
            ordered.add(own);
        }
        reporters.stream().filter(reporter -> reporter != null && !reporter.equals(own)).distinct().sorted()
                .forEach(ordered::add);
        return ordered;
    }

    /** A ticket an earlier version wrote (a projection its upgrade has yet to rebuild) starts from its own reporter. */
    private static List<Document> sources(Document ticket) {
        if (!ticket.containsKey(SOURCES)) {
            List<Document> own = new ArrayList<>();
            if (ticket.getString("reporter") != null) {
                own.add(source(ticket.getString("reporter"), 1));
            }
            ticket.put(SOURCES, own);
        }
        return Docs.documents(ticket, SOURCES);
    }

    private static void count(List<Document> sources, String reporter, int change) {
        for (int i = 0; i < sources.size(); i++) {
            Document source = sources.get(i);
            if (Objects.equals(reporter, source.getString("reporter"))) {
                int count = Docs.intValue(source, "sources") + change;
                if (count > 0) {
                    source.put("sources", count);
                } else {
                    sources.remove(i);
                }
                return;
            }
        }
        if (change > 0) {
            sources.add(source(reporter, change));
        }
    }

    private static Document source(String reporter, int count) {
        return new Document("reporter", reporter).append("sources", count);
    }
}
