package io.aftermath.query.triage;

import java.util.List;
import java.util.Set;

import io.aftermath.shared.query.TriageFilter;

/**
 * What one tick of the {@link TriageIndex} changed: the queues it touched ({@code *}, {@code release:<id>},
 * {@code service:<name>}) and every changed ticket as it was and as it is (while open). A filtered stream is
 * recomputed only when one of those passes its filters: on a busy node the queue of the whole node changes at
 * nearly every tick, and recomputing a filtered one means testing every open ticket.
 */
public final class TriageChanges {

    static final TriageChanges NONE = new TriageChanges(Set.of(), List.of());
    /** After a reload: anything may have changed. */
    static final TriageChanges ALL = new TriageChanges(null, null);

    private final Set<String> groups;
    private final List<TriageIndex.Item> tickets;

    TriageChanges(Set<String> groups, List<TriageIndex.Item> tickets) {
        this.groups = groups;
        this.tickets = tickets;
    }

    public boolean isEmpty() {
        return groups != null && groups.isEmpty();
    }

    /** The queues touched, or null after a reload. */
    public Set<String> groups() {
        return groups;
    }

    /** Whether the queue of this release, or else service (both may be null), with these filters may have changed. */
    public boolean touches(String releaseId, String service, TriageFilter filter) {
        if (groups == null) {
            return true;
        }
        if (!groups.contains(group(releaseId, service))) {
            return false;
        }
        return filter.isNone() || tickets.stream().anyMatch(item -> (releaseId == null
                || releaseId.equals(item.releaseId())) && (service == null || service.equals(item.service()))
                && TriageIndex.passes(item, filter));
    }

    static String group(String releaseId, String service) {
        return releaseId != null ? "release:" + releaseId : service != null ? "service:" + service : "*";
    }
}
