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
 * otherwise outgrow MongoDB's 16 MB and stop its projection). A contribution keeps the one it replaced
 * ({@code previous}): its collection is flushed before the tickets', so an event replayed after a crash
 * between the two finds what to take back.
 */
public final class DuplicateReporters {

    static final String SOURCES = "reporterSources";

    private final ProjectionStore store;
    private final String collection;

    public DuplicateReporters(ProjectionStore store, String collection) {
        this.store = store;
        this.collection = collection;
    }

    /** A new ticket's count: its own reporter, its one source so far. */
    public static void start(Document ticket, String reporter) {
        ticket.put("reporters", new ArrayList<>(List.of(reporter)));
        ticket.put(SOURCES, new ArrayList<>(List.of(source(reporter, 1))));
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
        List<String> taken;
        if (contribution == null) {
            taken = List.of();
            contribution = new Document("_id", id);
        } else {
            taken = Docs.strings(contribution, ProjectionStore.applied(contribution, position) ? "previous" : "reporters");
        }
        contribution.put("previous", taken);
        contribution.put("reporters", brought);
        store.save(collection, contribution, position);
        List<Document> sources = sources(ticket);
        taken.forEach(reporter -> count(sources, reporter, -1));
        brought.forEach(reporter -> count(sources, reporter, 1));
        ticket.put("reporters", ordered(ticket.getString("reporter"),
                sources.stream().map(source -> source.getString("reporter")).toList()));
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

    /** A ticket written before sources were counted starts from its own reporter (rebuild to count the rest). */
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
