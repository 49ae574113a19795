package io.aftermath.query.triage;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import io.aftermath.query.triage.TriageIndex.Item;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.TicketStatus;

/**
 * The open tickets in triage order, and the same order per release, service, assignee, status and among the
 * regressions, so a filtered queue walks the smallest set that holds it rather than every open ticket (a walk
 * through 100,000 took 5–13 ms, most of it waiting on memory). Not thread-safe: {@link TriageIndex} locks.
 */
final class TriageSets {

    private final Comparator<Item> order;
    final NavigableSet<Item> all;
    final Map<String, Item> byId = new HashMap<>();
    final Map<String, NavigableSet<Item>> byRelease = new HashMap<>();
    final Map<String, NavigableSet<Item>> byService = new HashMap<>();
    /** Only the assigned: the unassigned are most of a queue, and walking them is no shorter than the queue. */
    final Map<String, NavigableSet<Item>> byAssignee = new HashMap<>();
    final Map<TicketStatus, NavigableSet<Item>> byStatus = new EnumMap<>(TicketStatus.class);
    final NavigableSet<Item> regressions;
    /** Ordered as the others: a natural-order empty set (Collections.emptyNavigableSet) throws on tailSet. */
    private final NavigableSet<Item> none;

    TriageSets(Comparator<Item> order) {
        this.order = order;
        this.all = new TreeSet<>(order);
        this.regressions = new TreeSet<>(order);
        this.none = Collections.unmodifiableNavigableSet(new TreeSet<>(order));
    }

    void add(Item item) {
        byId.put(item.ticketId(), item);
        all.add(item);
        byRelease.computeIfAbsent(item.releaseId(), r -> new TreeSet<>(order)).add(item);
        byService.computeIfAbsent(item.service(), s -> new TreeSet<>(order)).add(item);
        if (item.assignee() != null) {
            byAssignee.computeIfAbsent(item.assignee(), a -> new TreeSet<>(order)).add(item);
        }
        if (item.status() != null) {
            byStatus.computeIfAbsent(item.status(), s -> new TreeSet<>(order)).add(item);
        }
        if (item.regression()) {
            regressions.add(item);
        }
    }

    /** Removes the ticket's entry, returning it (null when it was not open). */
    Item remove(String ticketId) {
        Item item = byId.remove(ticketId);
        if (item == null) {
            return null;
        }
        all.remove(item);
        removeFrom(byRelease, item.releaseId(), item);
        removeFrom(byService, item.service(), item);
        removeFrom(byAssignee, item.assignee(), item);
        removeFrom(byStatus, item.status(), item);
        regressions.remove(item);
        return item;
    }

    /** Sorts before every ticket of the priority (null: unprioritised) and after every ticket of a higher one. */
    static Item first(Priority priority) {
        return new Item("", null, null, null, null, priority, null, null, Integer.MAX_VALUE, null, Instant.MIN, null,
                null, Instant.MIN, false);
    }

    <K> NavigableSet<Item> of(Map<K, NavigableSet<Item>> sets, K key) {
        NavigableSet<Item> set = key == null ? null : sets.get(key);
        return set == null ? none : set;
    }

    private static <K> void removeFrom(Map<K, NavigableSet<Item>> sets, K key, Item item) {
        NavigableSet<Item> set = key == null ? null : sets.get(key);
        if (set != null) {
            set.remove(item);
            if (set.isEmpty()) {
                sets.remove(key);
            }
        }
    }
}
