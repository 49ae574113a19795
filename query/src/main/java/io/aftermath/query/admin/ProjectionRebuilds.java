package io.aftermath.query.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.ProjectionFormats;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.projection.ProjectionStore;
import io.aftermath.query.release.ReleaseProjection;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.query.ticket.TicketProjection;
import io.aftermath.query.timeline.TimelineProjection;
import io.aftermath.query.triage.TriageProjection;
import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;

/**
 * Rebuilds a projection while reads go on. A shared projection's log is replayed into a new generation of
 * its collections ({@link RebuildReplays}) while the live processor keeps the generation read current, so
 * reads stay current and say {@code rebuilding: true}; once the replay has caught up with the live processor
 * the new generation is served, and the old one dropped half a minute later, after reads in flight are done.
 * The search index, every node's own, is rebuilt the same way into a new index, while searches use the old one.
 * <p>
 * The rebuild runs on the node that runs the projection's processor: asked of another node, it is refused
 * and names that node.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuilds.class);
    private static final long DROP_DELAY_SECONDS = 30;

    private final ProjectionProgress progress;
    private final Generations generations;
    private final SearchIndex searchIndex;
    private final Map<String, ProjectionStore> stores;
    private final ProjectionFormats formats;
    private final RebuildReplays replays;

    public ProjectionRebuilds(ProjectionProgress progress, Generations generations, SearchIndex searchIndex,
                              TriageProjection triage, TicketProjection tickets, ReleaseProjection releases,
                              TimelineProjection timelines, ProjectionFormats formats, RebuildReplays replays) {
        this.progress = progress;
        this.generations = generations;
        this.formats = formats;
        this.replays = replays;
        this.searchIndex = searchIndex;
        this.stores = Map.of(ProjectionNames.TRIAGE, triage.store(), ProjectionNames.TICKETS, tickets.store(),
                ProjectionNames.RELEASES, releases.store(), ProjectionNames.TIMELINES, timelines.store());
    }

    /** Starts a rebuild, whose replay runs on a thread of its own. */
    public synchronized void rebuild(String name) {
        if (!ProjectionNames.ALL.contains(name)) {
            throw new DomainRejection(ErrorCode.PROJECTION_NOT_FOUND, "No projection " + name);
        }
        if (progress.processor(name).isEmpty()) {
            throw new DomainRejection(ErrorCode.PROJECTION_NOT_FOUND,
                    "Projection " + name + " has no processor on this node");
        }
        if (progress.rebuilding(name)) {
            throw inProgress(name);
        }
        if (ProjectionNames.SEARCH.equals(name)) {
            if (!searchIndex.beginRebuild()) {
                throw inProgress(name);
            }
            replays.startSearch(searchIndex);
        } else {
            beginReplay(name);
        }
        LOG.info("Rebuilding projection {}", name);
    }

    /**
     * Refused when another node holds the projection: only the node running its live processor can switch the
     * replayed generation in. The new generation's collections are emptied before the rebuild is announced, so
     * no replay writes into what a rebuild abandoned there is then dropped.
     */
    private void beginReplay(String name) {
        Map<Integer, String> owners = progress.claimants(name);
        if (!owners.isEmpty() && !progress.heldHere(name)) {
            throw new DomainRejection(ErrorCode.REBUILD_CONFLICT, "Projection " + name + " is running on "
                    + runningOn(owners) + "; ask that node to rebuild it (each segment's owner is in "
                    + "GET /api/admin/projections)");
        }
        int next = generations.nextGeneration(name);
        stores.get(name).drop(next);
        if (generations.beginRebuild(name, next) == null) {
            throw inProgress(name);
        }
        replays.start(name, this::served);
    }

    private static DomainRejection inProgress(String name) {
        return new DomainRejection(ErrorCode.REBUILD_IN_PROGRESS, "Projection " + name + " is being rebuilt");
    }

    private String runningOn(Map<Integer, String> owners) {
        List<String> names = owners.values().stream().distinct().toList();
        String running = "node " + String.join(", ", names) + " (aftermath.node-id)";
        return names.contains(progress.nodeId()) ? running + ", another process than this one under its name: give "
                + "each node its own" : running;
    }

    /**
     * Called by the live loop: drives the replay of every rebuild whose projection this node runs (one begun
     * elsewhere, or whose node stopped; the search index's begun as the node started, for a new format).
     */
    public void advance() {
        if (searchIndex.servingOldGeneration() && !replays.replaying(ProjectionNames.SEARCH)) {
            replays.startSearch(searchIndex);
        }
        for (String name : stores.keySet()) {
            if (generations.get(name).rebuilding() && !replays.replaying(name)) {
                replays.start(name, this::served);
            }
        }
    }

    /** The rebuilt generation is served now: its format is this version's, and the old one goes half a minute on. */
    private void served(String name, Generations.Generation rebuilt) {
        formats.recordCurrent(name);
        ProjectionStore store = stores.get(name);
        CompletableFuture.delayedExecutor(DROP_DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
            try {
                store.drop(rebuilt.read());
            } catch (RuntimeException e) {
                // The node may have stopped meanwhile; its next start drops what is left over.
                LOG.warn("Dropping projection {}'s old generation {} failed: {}", name, rebuilt.read(), e.toString());
            }
        });
    }

    /**
     * Half a minute from now, as after a switch, drops the generations each projection holds now that are
     * neither read nor written, and still are then: the old one of a rebuild whose node died before it dropped
     * it stays otherwise for good. Only those found now: one replaced meanwhile gets its half minute from the
     * switch, and one a rebuild begins meanwhile is written, not dropped.
     */
    public void dropLeftoversLater() {
        Map<String, Set<Integer>> leftovers = new HashMap<>();
        stores.forEach((name, store) -> {
            Set<Integer> present = new HashSet<>(store.generationsPresent());
            present.removeAll(inUse(name));
            if (!present.isEmpty()) {
                leftovers.put(name, present);
            }
        });
        if (leftovers.isEmpty()) {
            return;
        }
        CompletableFuture.delayedExecutor(DROP_DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
            try {
                generations.refresh();
                leftovers.forEach((name, found) -> found.stream()
                        .filter(generation -> !inUse(name).contains(generation)).forEach(stores.get(name)::drop));
            } catch (RuntimeException e) {
                LOG.warn("Dropping old projection generations failed: {}", e.toString());
            }
        });
    }

    private Set<Integer> inUse(String name) {
        Generations.Generation generation = generations.get(name);
        return Set.copyOf(List.of(generation.read(), generation.write()));
    }

    /** True when the projection has no documents yet (a new store), so there is nothing to rebuild. */
    public boolean isEmpty(String name) {
        return stores.get(name).isEmpty();
    }

    /**
     * A rebuild whose replay has reached the live processor still has its switch ahead, and a status read across
     * that switch may pair "rebuilding" with a finished replay: 1 is kept for "none runs" (a 202 said rebuilding
     * at 1.0 so, failing ProjectionAdminHttpTest once).
     */
    private static final double SWITCH_PENDING = 0.999;

    /** How far a rebuild has got toward the position it must reach: 0..1, and 1 only when none runs. */
    public double progressOf(String name) {
        return progressOf(name, progress.rebuilding(name));
    }

    /** As above, for an answer that has just read whether the projection is {@code rebuilding}, to agree with it. */
    public double progressOf(String name, boolean rebuilding) {
        if (!rebuilding) {
            return 1.0;
        }
        long target = progress.rebuildTarget(name);
        return target == 0 ? SWITCH_PENDING : Math.min(SWITCH_PENDING, (double) progress.rebuilt(name) / target);
    }
}
