package io.aftermath.query.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.util.MultiValueMap;

import io.aftermath.shared.web.QueryValue;
import io.aftermath.shared.error.InvalidParameter;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.text.PlainText;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * The triage queue's filters, as the queue and its stream take them. {@code status}, {@code priority} and
 * {@code assignee} repeat ({@code priority=P1&priority=P2}) and are read from the query itself, as the search's
 * {@code tag} is: bound to a list, Spring would split a value at its commas, and a name may hold one. Status and
 * priority are read the same way, so a list is written one way only ({@code priority=P1,P2} is refused). An empty {@code status} or {@code priority} is no filter, as an
 * empty {@code severity} is for the search; an empty {@code assignee} asks for the unassigned, since nobody is
 * assigned under a blank name.
 */
final class TriageFilters {

    /** How {@code priority} asks for the tickets nobody has prioritised yet. */
    static final String UNPRIORITISED = "none";

    private static final List<TicketStatus> OPEN = Arrays.stream(TicketStatus.values()).filter(s -> !s.isClosed()).toList();

    private TriageFilters() {
    }

    static TriageFilter of(MultiValueMap<String, String> query, String regression) {
        Set<TicketStatus> statuses = EnumSet.noneOf(TicketStatus.class);
        for (String value : present(query, "status")) {
            statuses.add(status(value));
        }
        Set<Priority> priorities = EnumSet.noneOf(Priority.class);
        boolean unprioritised = false;
        for (String value : present(query, "priority")) {
            if (UNPRIORITISED.equalsIgnoreCase(QueryValue.of(value))) {
                unprioritised = true;
            } else {
                priorities.add(priority(value));
            }
        }
        Set<String> assignees = new LinkedHashSet<>();
        boolean unassigned = false;
        for (String value : query.getOrDefault("assignee", List.of())) {
            if (PlainText.isBlank(value)) {
                unassigned = true;
            } else {
                assignees.add(PlainText.strip(value));
            }
        }
        return new TriageFilter(statuses, priorities, unprioritised, assignees, unassigned, BooleanParameter.of("regression", regression));
    }

    private static List<String> present(MultiValueMap<String, String> query, String name) {
        return query.getOrDefault(name, List.of()).stream().filter(value -> !QueryValue.isAbsent(value)).toList();
    }

    /** A closed status is refused rather than answered with nothing: the queue never holds one. */
    private static TicketStatus status(String value) {
        String name = upperCase(value);
        return OPEN.stream().filter(status -> status.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidParameter("status", "must be one of " + OPEN.stream()
                        .map(Enum::name).collect(Collectors.joining(", "))));
    }

    private static Priority priority(String value) {
        try {
            return Priority.valueOf(upperCase(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("priority", "must be one of " + Arrays.stream(Priority.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", " + UNPRIORITISED);
        }
    }

    /**
     * A fixed set's name in any case, but only as written: Java's case folding would also read the long s
     * ({@code ſ1}) or a dotless i as its ASCII letter. Anything else comes back as no name at all.
     */
    static String upperCase(String value) {
        String name = QueryValue.of(value);
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? name.toUpperCase(Locale.ROOT) : "";
    }

}
