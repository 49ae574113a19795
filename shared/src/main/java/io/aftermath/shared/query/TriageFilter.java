package io.aftermath.shared.query;

import java.util.Set;

import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * Which open tickets of a triage queue to show: a ticket must pass every filter, and passes one when it
 * has any of its values. An empty set with its flag false, or a null {@code regression}, is no filter.
 *
 * @param unprioritised a ticket without a priority yet passes the priority filter
 * @param unassigned    a ticket without an assignee passes the assignee filter
 */
public record TriageFilter(Set<TicketStatus> statuses, Set<Priority> priorities, boolean unprioritised,
                           Set<String> assignees, boolean unassigned, Boolean regression) {

    public static final TriageFilter NONE = new TriageFilter(Set.of(), Set.of(), false, Set.of(), false, null);

    public TriageFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
        assignees = assignees == null ? Set.of() : Set.copyOf(assignees);
    }

    public boolean byPriority() {
        return unprioritised || !priorities.isEmpty();
    }

    public boolean byAssignee() {
        return unassigned || !assignees.isEmpty();
    }

    public boolean isNone() {
        return statuses.isEmpty() && !byPriority() && !byAssignee() && regression == null;
    }
}
