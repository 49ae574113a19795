package io.aftermath.query.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.aftermath.query.projection.DuplicateReporters;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;

/**
 * The reporters a ticket counts, as its ticket view and the triage queue count them: its own and, per
 * duplicate attached to it, what that duplicate brought (its reporter and its own duplicates').
 * <p>
 * It follows duplicate markings across the whole log, not only one release's: a duplicate may come
 * from another release and bring the reporters of its own duplicates. Only tickets in a duplicate
 * marking are held, so it stays small however many tickets the log has.
 */
final class Reporters {

    /** Per canonical ticket, what each of its duplicates brought, in the order they were attached. */
    private final Map<String, Map<String, List<String>>> brought = new HashMap<>();
    /** The reporter and the canonical of every ticket that is a duplicate now. */
    private final Map<String, String> reporterOf = new HashMap<>();
    private final Map<String, String> canonicalOf = new HashMap<>();

    void see(Object payload) {
        if (payload instanceof DuplicateAttached event) {
            attach(event);
        } else if (payload instanceof DuplicateDetached event) {
            detach(event);
        }
    }

    List<String> of(String ticketId, String reporter) {
        Set<String> reporters = new HashSet<>();
        reporters.add(reporter);
        brought.getOrDefault(ticketId, Map.of()).values().forEach(reporters::addAll);
        return DuplicateReporters.ordered(reporter, reporters);
    }

    private void attach(DuplicateAttached event) {
        String duplicate = event.duplicateTicketId();
        reporterOf.put(duplicate, event.duplicateReporter());
        canonicalOf.put(duplicate, event.canonicalTicketId());
        contributions(event.canonicalTicketId()).put(duplicate, of(duplicate, event.duplicateReporter()));
    }

    /**
     * The canonical gives back what the duplicate brought, and so does every ticket above it: a canonical
     * that is itself a duplicate counts in its own canonical's reporters.
     */
    private void detach(DuplicateDetached event) {
        contributions(event.canonicalTicketId()).remove(event.duplicateTicketId());
        reporterOf.remove(event.duplicateTicketId());
        canonicalOf.remove(event.duplicateTicketId());
        Set<String> walked = new HashSet<>();
        String changed = event.canonicalTicketId();
        while (canonicalOf.containsKey(changed) && walked.add(changed)) {
            String above = canonicalOf.get(changed);
            contributions(above).put(changed, of(changed, reporterOf.get(changed)));
            changed = above;
        }
    }

    private Map<String, List<String>> contributions(String canonicalTicketId) {
        return brought.computeIfAbsent(canonicalTicketId, id -> new LinkedHashMap<>());
    }
}
