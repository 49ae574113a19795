package io.aftermath.query.triage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.aftermath.query.QueryProperties;
import io.aftermath.query.projection.Docs;
import io.aftermath.query.projection.DuplicateReporters;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.shared.infrastructure.DaemonThreads;
import io.aftermath.shared.query.TriageFilter;
import io.aftermath.shared.query.TriageItem;
import io.aftermath.shared.query.TriageQueue;
import io.aftermath.shared.text.PlainText;
import io.aftermath.shared.ticket.DuplicateAttached;
import io.aftermath.shared.ticket.DuplicateDetached;
import io.aftermath.shared.ticket.Priority;
import io.aftermath.shared.ticket.RegressionDetected;
import io.aftermath.shared.ticket.Severity;
import io.aftermath.shared.ticket.TicketAssigned;
import io.aftermath.shared.ticket.TicketMarkedDuplicate;
import io.aftermath.shared.ticket.TicketPrioritised;
import io.aftermath.shared.ticket.TicketReopened;
import io.aftermath.shared.ticket.TicketReported;
import io.aftermath.shared.ticket.TicketResolved;
import io.aftermath.shared.ticket.TicketStatus;
import io.aftermath.shared.ticket.Urgency;

/**
 * This node's ordering of the open tickets, loaded from the triage documents at start and after a
 * rebuild, then kept current from the log: the node's {@code LogTail} hands every ticket event to
 * {@link #onEvent}, and once the shared projection has processed past it ({@link #tick}) the ticket's
 * document is read again by key. So every node's queue follows the log, whichever node processed it.
 * <p>
 * Order: priority (P1 first, unprioritised last: a report without a priority has no SLA to be ordered
 * by, and a triager sees it at the end of the queue and in the {@code REPORTED} count), then the
 * resolve deadline (earliest first), then distinct reporters including duplicates' (most first), then
 * the report time (oldest first).
 */
@Component
public class TriageIndex {

    /** More events waiting than this and the index is loaded again instead, once the projection catches up. */
    static final int MAX_PENDING = 100_000;

    private static final Comparator<Item> ORDER = Comparator
            .comparingInt((Item item) -> rank(item.priority))
            .thenComparing(item -> item.resolveDue, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Comparator.comparingInt((Item item) -> item.reporters).reversed())
            .thenComparing(item -> item.reportedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(item -> item.ticketId);

    record Item(String ticketId, String releaseId, String service, String title, TicketStatus status,
                Priority priority, Severity severity, Urgency urgency, int reporters, String assignee,
                Instant reportedAt, Instant acknowledgedAt, Instant acknowledgeDue, Instant resolveDue,
                boolean regression) {
    }

    private record Pending(long position, String ticketId) {
    }

    private final Sla sla;
    private final Clock clock;
    private final Generations generations;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private TriageSets sets = new TriageSets(ORDER);

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean overflowed;
    private long overflowedUpTo;
    private ProjectionStore store;
    private int loadedGeneration = -1;
    private volatile long position;

    /** Where whole loads run: off the live loop, which ends every projection's reads waiting for {@code after}. */
    private final Executor loader;
    private boolean reloadWanted;
    private CompletableFuture<Loaded> loading;
    /** Every event before it is in the documents the load under way reads. */
    private long loadingFrom;
    /** Tickets whose events the projection served while a load ran: read again once it is in place. */
    private final Set<String> changedWhileLoading = new LinkedHashSet<>();

    private record Loaded(int generation, TriageSets sets) {
    }

    @Autowired
    public TriageIndex(QueryProperties properties, ObjectProvider<Clock> clock, Generations generations) {
        // A thread of its own for each load: loads are rare (the start, a switch), and none outlives the node.
        this(properties, clock.getIfAvailable(Clock::systemUTC), generations,
                load -> DaemonThreads.start("aftermath-triage-load", load));
    }

    /** Loads on the caller's thread, within the tick that asks for the load. */
    public TriageIndex(QueryProperties properties, Clock clock, Generations generations) {
        this(properties, clock, generations, Runnable::run);
    }

    TriageIndex(QueryProperties properties, Clock clock, Generations generations, Executor loader) {
        this.sla = new Sla(properties.sla());
        this.clock = clock;
        this.generations = generations;
        this.loader = loader;
    }

    void attach(ProjectionStore store) {
        this.store = store;
    }

    /** Every event before this position is reflected in the queue this node answers with. */
    public long position() {
        return position;
    }

    /** Called by the log tail, in log order. */
    public void onEvent(Object payload, long eventPosition) {
        String ticketId = ticketOf(payload);
        if (ticketId == null) {
            return;
        }
        synchronized (pending) {
            if (!overflowed && pending.size() >= MAX_PENDING) {
                overflowed = true;
                pending.clear();
            }
            if (overflowed) {
                overflowedUpTo = eventPosition + 1;
            } else {
                pending.add(new Pending(eventPosition, ticketId));
            }
        }
    }

    /**
     * Applies the events the projection has processed ({@code served}: every event before it) and the
     * tail has delivered (every event before {@code tailPosition}); returns what changed.
     * <p>
     * When the generation served changed (a rebuild's switch) or events were dropped, every open ticket is loaded
     * again, off this thread: a queue of 100,000 open tickets took seconds to load on a loaded node, and the
     * thread calling this ends the waits for {@code after} of every projection, not triage's only (tester 90:
     * reads of all kinds stood still for 6 s after a switch). Meanwhile the queue answers as it stood, at its
     * position, and the tickets changed meanwhile are read again once the load is in place.
     */
    public TriageChanges tick(long served, long tailPosition) {
        boolean generationChanged = generations.get(ProjectionNames.TRIAGE).read() != loadedGeneration;
        Set<String> ids = new LinkedHashSet<>();
        boolean dropping;
        synchronized (pending) {
            if (overflowed && served >= overflowedUpTo) {
                overflowed = false;
                reloadWanted = true;
            }
            dropping = overflowed;
            while (!pending.isEmpty() && pending.peek().position() < served) {
                ids.add(pending.poll().ticketId());
            }
        }
        long reached = Math.min(served, tailPosition);
        if (loading == null && (generationChanged || reloadWanted)) {
            // Every event before served is in the documents the load reads: those tickets need no reading of their own.
            ids.clear();
            changedWhileLoading.clear();
            reloadWanted = false;
            loadingFrom = reached;
            loading = CompletableFuture.supplyAsync(this::load, loader);
        }
        if (loading != null) {
            changedWhileLoading.addAll(ids);
            // Tickets of events dropped meanwhile are not among those read again: the load reflects only its start.
            return loading.isDone() ? loaded(dropping || reloadWanted ? loadingFrom : reached) : TriageChanges.NONE;
        }
        TriageChanges changed = ids.isEmpty() ? TriageChanges.NONE : refresh(ids);
        if (!dropping) {
            // While events are dropped the queue holds none past where it stood: it stays there until reloaded.
            position = Math.max(position, reached);
        }
        return changed;
    }

    /** Puts the finished load in place, with the tickets changed while it ran read again. */
    private TriageChanges loaded(long reflected) {
        CompletableFuture<Loaded> done = loading;
        loading = null;
        Loaded loaded;
        try {
            loaded = done.join();
        } catch (CompletionException failed) {
            // Loaded again at the next tick; the queue stays as it stood meanwhile.
            reloadWanted = true;
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        use(loaded);
        try {
            refresh(changedWhileLoading);
        } catch (RuntimeException unread) {
            // Those tickets are in no pending list any more: a whole load reads them.
            reloadWanted = true;
            throw unread;
        }
        changedWhileLoading.clear();
        position = Math.max(position, reflected);
        return TriageChanges.ALL;
    }

    /** Loads every open ticket from the documents the projection serves, on the caller's thread. */
    public void reload() {
        use(load());
    }

    private Loaded load() {
        int generation = generations.get(ProjectionNames.TRIAGE).read();
        List<Item> items = new ArrayList<>();
        for (Document document : store.reading(TriageProjection.ITEMS).find(new Document("open", true))) {
            items.add(item(document));
        }
        TriageSets loaded = new TriageSets(ORDER);
        items.forEach(loaded::add);
        return new Loaded(generation, loaded);
    }

    private void use(Loaded loaded) {
        lock.writeLock().lock();
        try {
            sets = loaded.sets();
            loadedGeneration = loaded.generation();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public TriageQueue queue(String releaseId, String service, int limit) {
        return queue(releaseId, service, TriageFilter.NONE, 0, limit);
    }

    /**
     * The {@code limit} tickets from {@code offset} among those that pass the filters, and how many pass. Without
     * filters beyond the release or the service this walks only as far as the page; with them, every ticket of
     * the smallest set that holds them all is tested, to count them: the release's, service's, assignee's (one
     * named), status's (one given), the regressions (when asked for) or the node's, from the first ticket of
     * the highest priority asked for to the last of the lowest.
     */
    public TriageQueue queue(String releaseId, String service, TriageFilter filter, int offset, int limit) {
        Instant now = clock.instant();
        List<TriageItem> items = new ArrayList<>(Math.min(limit, 1024));
        int total = 0;
        lock.readLock().lock();
        try {
            NavigableSet<Item> source = releaseId != null ? sets.of(sets.byRelease, releaseId)
                    : service != null ? sets.of(sets.byService, service) : sets.all;
            if (filter.isNone() && (releaseId == null || service == null)) {
                total = source.size();
                int skipped = 0;
                for (Item item : source) {
                    if (items.size() >= limit) {
                        break;
                    }
                    if (skipped++ >= offset) {
                        items.add(view(item, now));
                    }
                }
            } else {
                int last = filter.byPriority() ? rank(filter.unprioritised() ? null : Collections.max(filter.priorities()))
                        : rank(null);
                for (Item item : walk(smallest(source, filter), filter)) {
                    if (rank(item.priority()) > last) {
                        break;
                    }
                    if ((releaseId == null || releaseId.equals(item.releaseId()))
                            && (service == null || service.equals(item.service())) && passes(item, filter)) {
                        if (total >= offset && items.size() < limit) {
                            items.add(view(item, now));
                        }
                        total++;
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return new TriageQueue(items, total, now);
    }

    private NavigableSet<Item> smallest(NavigableSet<Item> source, TriageFilter filter) {
        NavigableSet<Item> smallest = source;
        if (filter.assignees().size() == 1 && !filter.unassigned()) {
            smallest = smaller(smallest, sets.of(sets.byAssignee, filter.assignees().iterator().next()));
        }
        if (filter.statuses().size() == 1) {
            smallest = smaller(smallest, sets.of(sets.byStatus, filter.statuses().iterator().next()));
        }
        if (Boolean.TRUE.equals(filter.regression())) {
            smallest = smaller(smallest, sets.regressions);
        }
        return smallest;
    }

    private static NavigableSet<Item> smaller(NavigableSet<Item> one, NavigableSet<Item> other) {
        return other.size() < one.size() ? other : one;
    }

    /** The set from the first ticket of the highest priority the filter asks for (the tickets before it cannot pass). */
    private static NavigableSet<Item> walk(NavigableSet<Item> set, TriageFilter filter) {
        if (!filter.byPriority()) {
            return set;
        }
        Priority first = filter.priorities().isEmpty() ? null : Collections.min(filter.priorities());
        return set.tailSet(TriageSets.first(first), true);
    }

    /** Where a priority sorts: P1 first, unprioritised (null) last. */
    private static int rank(Priority priority) {
        return priority == null ? Priority.values().length : priority.ordinal();
    }

    static boolean passes(Item item, TriageFilter filter) {
        return (filter.statuses().isEmpty() || filter.statuses().contains(item.status()))
                && (!filter.byPriority() || (item.priority() == null ? filter.unprioritised()
                        : filter.priorities().contains(item.priority())))
                && (!filter.byAssignee() || (item.assignee() == null ? filter.unassigned()
                        : filter.assignees().contains(item.assignee())))
                && (filter.regression() == null || filter.regression() == item.regression());
    }

    /**
     * Reads the tickets again, and the canonical chain above any duplicate among them: a duplicate's
     * reporters count in every ticket up that chain, so a change to them changed those tickets too.
     */
    private TriageChanges refresh(Set<String> eventIds) {
        Set<String> ids = new LinkedHashSet<>(eventIds);
        Map<String, Document> documents = new HashMap<>();
        List<String> wanted = new ArrayList<>(eventIds);
        while (!wanted.isEmpty()) {
            List<String> canonicals = new ArrayList<>();
            for (Document document : store.reading(TriageProjection.ITEMS)
                    .find(new Document("_id", new Document("$in", wanted)))) {
                documents.put(document.getString("_id"), document);
                String canonical = document.getString("canonicalTicketId");
                if (canonical != null && ids.add(canonical)) {
                    canonicals.add(canonical);
                }
            }
            wanted = canonicals;
        }
        Set<String> changed = new HashSet<>();
        List<Item> tickets = new ArrayList<>();
        lock.writeLock().lock();
        try {
            for (String id : ids) {
                Item previous = sets.remove(id);
                if (previous != null) {
                    changed.addAll(groups(previous));
                    tickets.add(previous);
                }
                Document document = documents.get(id);
                if (document != null && Boolean.TRUE.equals(document.getBoolean("open"))) {
                    Item item = item(document);
                    sets.add(item);
                    changed.addAll(groups(item));
                    tickets.add(item);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return new TriageChanges(changed, tickets);
    }

    private static List<String> groups(Item item) {
        return List.of(TriageChanges.group(null, null), TriageChanges.group(item.releaseId(), null),
                TriageChanges.group(null, item.service()));
    }

    private Item item(Document document) {
        Priority priority = Docs.enumValue(document, "priority", Priority.class);
        Instant reportedAt = Docs.instant(document, "reportedAt");
        return new Item(document.getString("_id"), document.getString("releaseId"), document.getString("service"),
                document.getString("title"), Docs.enumValue(document, "status", TicketStatus.class), priority,
                Docs.enumValue(document, "severity", Severity.class), Docs.enumValue(document, "urgency", Urgency.class),
                DuplicateReporters.of(document).size(), assignee(document), reportedAt,
                Docs.instant(document, "acknowledgedAt"),
                sla.acknowledgeDue(reportedAt, acknowledgedPriority(document, priority)),
                sla.resolveDue(reportedAt, priority), Boolean.TRUE.equals(document.getBoolean("regression")));
    }

    /**
     * Writes drop the blanks around a name since 2026-12-03; one assigned before may still carry some. The
     * index holds it without them, so the filter, which drops them too, finds it once, not per query.
     */
    private static String assignee(Document document) {
        String assignee = document.getString("assignee");
        return assignee == null ? null : PlainText.strip(assignee);
    }

    /** Triage items projected before the acknowledged priority was kept hold only the current one. */
    private static Priority acknowledgedPriority(Document document, Priority current) {
        Priority given = Docs.enumValue(document, "acknowledgedPriority", Priority.class);
        return given != null ? given : current;
    }

    private static TriageItem view(Item item, Instant now) {
        return new TriageItem(item.ticketId(), item.releaseId(), item.service(), item.title(), item.status(),
                item.priority(), item.severity(), item.urgency(), item.reporters(), item.assignee(), item.reportedAt(),
                Sla.deadline(item.acknowledgeDue(), item.acknowledgedAt(), now),
                Sla.deadline(item.resolveDue(), null, now), item.regression());
    }

    private static String ticketOf(Object payload) {
        if (payload instanceof TicketReported e) {
            return e.ticketId();
        } else if (payload instanceof TicketPrioritised e) {
            return e.ticketId();
        } else if (payload instanceof TicketAssigned e) {
            return e.ticketId();
        } else if (payload instanceof TicketResolved e) {
            return e.ticketId();
        } else if (payload instanceof TicketReopened e) {
            return e.ticketId();
        } else if (payload instanceof TicketMarkedDuplicate e) {
            return e.ticketId();
        } else if (payload instanceof DuplicateAttached e) {
            return e.canonicalTicketId();
        } else if (payload instanceof DuplicateDetached e) {
            return e.canonicalTicketId();
        } else if (payload instanceof RegressionDetected e) {
            return e.ticketId();
        }
        return null;
    }
}
