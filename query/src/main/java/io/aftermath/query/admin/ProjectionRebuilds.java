package io.aftermath.query.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.aftermath.query.progress.ProjectionProgress;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.KeptClaims;
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
 * Rebuilds a projection while reads go on. The processor is stopped, a new generation of its
 * collections (or of the search index) is started and its token reset to the beginning of the log;
 * reads keep using the old generation, frozen where it stood, and report {@code rebuilding: true}.
 * When the new generation has passed that position, it is served instead (any node's live loop may
 * make the switch) and the old one is dropped half a minute later, after reads in flight are done.
 * <p>
 * The rebuild runs on the node that is asked: if another node holds the processor's segment, the
 * request is refused and should be sent to that node. The node asked keeps its claims while its
 * processor stops ({@link KeptClaims}), so no other node takes the segment before the reset.
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
    private final KeptClaims keptClaims;

    public ProjectionRebuilds(ProjectionProgress progress, Generations generations, SearchIndex searchIndex,
                              TriageProjection triage, TicketProjection tickets, ReleaseProjection releases,
                              TimelineProjection timelines, ProjectionFormats formats, KeptClaims keptClaims) {
        this.progress = progress;
        this.generations = generations;
        this.formats = formats;
        this.keptClaims = keptClaims;
        this.searchIndex = searchIndex;
        this.stores = Map.of(ProjectionNames.TRIAGE, triage.store(), ProjectionNames.TICKETS, tickets.store(),
                ProjectionNames.RELEASES, releases.store(), ProjectionNames.TIMELINES, timelines.store());
    }

    /** Starts a rebuild; blocks while the processor stops and its tokens are reset. */
    public synchronized void rebuild(String name) {
        if (!ProjectionNames.ALL.contains(name)) {
            throw new DomainRejection(ErrorCode.PROJECTION_NOT_FOUND, "No projection " + name);
        }
        StreamingEventProcessor processor = progress.processor(name).orElseThrow(() -> new DomainRejection(
                ErrorCode.PROJECTION_NOT_FOUND, "Projection " + name + " has no processor on this node"));
        if (progress.rebuilding(name)) {
            throw new DomainRejection(ErrorCode.REBUILD_IN_PROGRESS, "Projection " + name + " is being rebuilt");
        }
        keptClaims.keep(name);
        try {
            restart(name, processor);
        } finally {
            keptClaims.letGo(name);
        }
        // The answer reads the position the live loop last saw, the old generation's until its next tick: a
        // rebuild of post-mortem search answered as if it had already caught up (tester 21).
        progress.processedNow(name);
        LOG.info("Rebuilding projection {}", name);
    }

    /** Stops the processor, begins the new generation and starts the processor again, whatever happened. */
    private void restart(String name, StreamingEventProcessor processor) {
        processor.shutDown();
        try {
            if (ProjectionNames.SEARCH.equals(name)) {
                if (!searchIndex.beginRebuild()) {
                    throw new DomainRejection(ErrorCode.REBUILD_IN_PROGRESS, "Projection " + name + " is being rebuilt");
                }
            } else {
                rebuildShared(name, processor);
            }
        } finally {
            processor.start();
        }
    }

    /**
     * Tokens are reset before the new generation is announced: a live loop that sees the rebuild
     * must never see the old position, or it would declare the rebuild caught up before it began.
     */
    private void rebuildShared(String name, StreamingEventProcessor processor) {
        long frozenAt = progress.processedNow(name);
        try {
            processor.resetTokens(source -> source.createTailToken());
        } catch (UnableToClaimTokenException e) {
            throw new DomainRejection(ErrorCode.REBUILD_CONFLICT, "Projection " + name + " is running on "
                    + runningOn(name) + "; ask that node to rebuild it (each segment's owner is in "
                    + "GET /api/admin/projections)");
        }
        Generations.Generation next = generations.beginRebuild(name, frozenAt);
        if (next == null) {
            // Someone else started one meanwhile: this processor replays into what it writes now, which the
            // position guards make harmless.
            throw new DomainRejection(ErrorCode.REBUILD_IN_PROGRESS, "Projection " + name + " is being rebuilt");
        }
        stores.get(name).drop(next.write());
    }

    private String runningOn(String name) {
        List<String> owners = progress.claimants(name).values().stream().distinct().toList();
        return owners.isEmpty() ? "another node" : "node " + String.join(", ", owners) + " (aftermath.node-id)";
    }

    /** Serves every rebuilt generation that has caught up; called by the live loop. */
    public void completeCaughtUp() {
        if (searchIndex.rebuilding() && searchIndex.completeRebuildIfCaughtUp()) {
            LOG.info("Projection {} rebuilt", ProjectionNames.SEARCH);
        }
        for (Map.Entry<String, ProjectionStore> entry : stores.entrySet()) {
            String name = entry.getKey();
            Generations.Generation generation = generations.get(name);
            if (generation.rebuilding() && progress.processedNow(name) >= generation.frozenAt()
                    && generations.completeRebuild(name, generation)) {
                LOG.info("Projection {} rebuilt into generation {}", name, generation.write());
                formats.recordCurrent(name);
                ProjectionStore store = entry.getValue();
                CompletableFuture.delayedExecutor(DROP_DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
                    try {
                        store.drop(generation.read());
                    } catch (RuntimeException e) {
                        // The node may have stopped meanwhile; its next start drops what is left over.
                        LOG.warn("Dropping projection {}'s old generation {} failed: {}", name, generation.read(),
                                e.toString());
                    }
                });
            }
        }
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

    /** How far a rebuild has got toward the position reads stand at: 0..1, and 1 when none runs. */
    public double progressOf(String name) {
        if (!progress.rebuilding(name)) {
            return 1.0;
        }
        long target = progress.rebuildTarget(name);
        return target == 0 ? 1.0 : Math.min(1.0, (double) progress.processed(name) / target);
    }
}
