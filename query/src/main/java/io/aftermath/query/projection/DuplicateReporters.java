package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bson.Document;

/**
 * The reporters a ticket counts ({@code reporters}): its own ({@code reporter}) and, per duplicate
 * attached to it, that duplicate's reporters, its own duplicates' included ({@value #CONTRIBUTIONS}).
 * Kept per duplicate so that detaching one takes back exactly what it brought: a reporter who also
 * reported the canonical, or another of its duplicates, stays counted.
 */
public final class DuplicateReporters {

    static final String CONTRIBUTIONS = "duplicateReporters";

    private DuplicateReporters() {
    }

    /** Adds the duplicate's contribution, or replaces it when its own reporters changed. */
    public static void attach(Document ticket, String duplicateTicketId, List<String> reporters) {
        List<Document> contributions = Docs.documents(ticket, CONTRIBUTIONS);
        Document contribution = new Document("ticketId", duplicateTicketId).append("reporters", List.copyOf(reporters));
        int at = indexOf(contributions, duplicateTicketId);
        if (at < 0) {
            contributions.add(contribution);
        } else {
            contributions.set(at, contribution);
        }
        recount(ticket);
    }

    public static void detach(Document ticket, String duplicateTicketId) {
        List<Document> contributions = Docs.documents(ticket, CONTRIBUTIONS);
        int at = indexOf(contributions, duplicateTicketId);
        if (at >= 0) {
            contributions.remove(at);
        }
        recount(ticket);
    }

    private static int indexOf(List<Document> contributions, String duplicateTicketId) {
        for (int i = 0; i < contributions.size(); i++) {
            if (duplicateTicketId.equals(contributions.get(i).getString("ticketId"))) {
                return i;
            }
        }
        return -1;
    }

    private static void recount(Document ticket) {
        Set<String> reporters = new LinkedHashSet<>();
        reporters.add(ticket.getString("reporter"));
        for (Document contribution : Docs.documents(ticket, CONTRIBUTIONS)) {
            reporters.addAll(Docs.strings(contribution, "reporters"));
        }
        reporters.removeIf(Objects::isNull);
        ticket.put("reporters", new ArrayList<>(reporters));
    }
}
