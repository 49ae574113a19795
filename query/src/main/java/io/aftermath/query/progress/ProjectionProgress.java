package io.aftermath.query.progress;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.aftermath.query.projection.Checkpoints;
import io.aftermath.query.projection.Generations;
import io.aftermath.query.projection.Positions;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.query.search.SearchIndex;
import io.aftermath.shared.ledger.LedgerTokenStore;

/**
 * How far each projection has got, as positions: "processed up to n" means every event before n.
 * Segments this node runs report their own status (fresh, covering events they ignore); others are
 * read from the {@link Checkpoints} their owner writes with each token. What a read sees is the
 * <em>served</em> position: the processed one, except during a rebuild, when reads stay on the old
 * generation frozen where it stood.
 */
@Component
public class ProjectionProgress {

    private static final long SEGMENTS_REFRESH_MILLIS = 1000;
    private static final long GENERATIONS_REFRESH_MILLIS = 500;

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final TokenStore tokenStore;
    private final Checkpoints checkpoints;
    private final Generations generations;
    private final SearchIndex searchIndex;
    private final Map<String, Long> processed = new ConcurrentHashMap<>();
    /** The highest position each projection's progress has shown outside a rebuild. */
    private final Map<String, Long> shown = new ConcurrentHashMap<>();
    private final Map<String, Floor> rebuiltFloors = new ConcurrentHashMap<>();
    private final Map<String, int[]> segments = new ConcurrentHashMap<>();
    private long segmentsReadAt;
    private long generationsReadAt;

    public ProjectionProgress(ObjectProvider<EventProcessingConfiguration> processing, TokenStore tokenStore,
                              Checkpoints checkpoints, Generations generations, SearchIndex searchIndex) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.checkpoints = checkpoints;
        this.generations = generations;
        this.searchIndex = searchIndex;
    }

    /** Reads every projection's progress again; the live loop calls it on every tick. */
    public synchronized void refresh() {
        long now = System.currentTimeMillis();
        if (now - generationsReadAt >= GENERATIONS_REFRESH_MILLIS) {
            generations.refresh();
            generationsReadAt = now;
        }
        boolean readSegments = now - segmentsReadAt >= SEGMENTS_REFRESH_MILLIS;
        if (readSegments) {
            segmentsReadAt = now;
        }
        for (String name : ProjectionNames.ALL) {
            processed.put(name, compute(name, readSegments));
        }
    }

    /** Every event before the returned position has been processed into the generation being written. */
    public long processed(String name) {
        Long known = processed.get(name);
        return known != null ? known : compute(name, true);
    }

    /** As {@link #processed}, read now rather than at the last tick. */
    public long processedNow(String name) {
        long now = compute(name, false);
        processed.put(name, now);
        return now;
    }

    /**
     * Every event before the returned position is reflected in what reads of this projection see. A node learns
     * that a rebuild began or ended only at its next read of the generations, up to half a second after the
     * tokens show it, and meanwhile read the rebuild's progress as where its reads stood (testers 79 and 81: 0,
     * 210 or 1,453 where they stood at 821 or 2,168). So the position never goes below what the generation read
     * now has shown, nor below where a rebuild that ended into it was frozen: that generation has passed it.
     */
    public long served(String name) {
        if (ProjectionNames.SEARCH.equals(name)) {
            return searchIndex.servingOldGeneration() ? searchIndex.frozenAt()
                    : Math.max(searchIndex.committed(), processed(name));
        }
        Generations.Generation generation = generations.get(name);
        if (generation.rebuilding()) {
            Floor before = rebuiltFloors.put(name, new Floor(generation.write(), generation.frozenAt()));
            if (before != null && before.generation() == generation.read()) {
                shown.merge(name, before.position(), Math::max);
            }
            return generation.frozenAt();
        }
        Floor rebuilt = rebuiltFloors.get(name);
        long floor = 0;
        if (rebuilt != null && rebuilt.generation() == generation.read()) {
            floor = rebuilt.position();
        } else if (rebuilt != null) {
            // Abandoned: the generation read is still the old one, which stands where its own progress says.
            rebuiltFloors.remove(name, rebuilt);
        }
        return Math.max(floor, shown.merge(name, processed(name), Math::max));
    }

    /** A rebuilt generation, once served, reflects every event before {@code position}. */
    private record Floor(int generation, long position) {
    }

    public boolean rebuilding(String name) {
        return ProjectionNames.SEARCH.equals(name) ? searchIndex.rebuilding() : generations.get(name).rebuilding();
    }

    /**
     * Where the rebuild under way ends: the position the old generation's reads stand at, or for a search
     * index started from the beginning of the log, the head it started below.
     */
    public long rebuildTarget(String name) {
        return ProjectionNames.SEARCH.equals(name) ? searchIndex.rebuildTarget() : generations.get(name).frozenAt();
    }

    public Optional<StreamingEventProcessor> processor(String name) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        return configuration == null ? Optional.empty()
                : configuration.eventProcessor(name, StreamingEventProcessor.class);
    }

    /**
     * The node ({@code aftermath.node-id}) holding each claimed segment of a shared projection; the search
     * index's one segment is always this node's.
     */
    public Map<Integer, String> claimants(String name) {
        if (!(tokenStore instanceof LedgerTokenStore ledgerTokens)) {
            return Map.of();
        }
        return ProjectionNames.SEARCH.equals(name) ? Map.of(0, ledgerTokens.nodeId()) : ledgerTokens.claimants(name);
    }

    /**
     * The segments of a processor: the search index has one per node, shared projections what the store
     * says. Until a starting processor has stored its first token the store knows none, so the segments it
     * already runs here stand in, and the store is asked again next time rather than remembered as empty.
     */
    public int[] segments(String name) {
        return segments(name, false);
    }

    private int[] segments(String name, boolean askStore) {
        if (ProjectionNames.SEARCH.equals(name)) {
            return new int[] {0};
        }
        int[] stored = segments.get(name);
        if (askStore || stored == null || stored.length == 0) {
            stored = tokenStore.fetchSegments(name);
            segments.put(name, stored);
        }
        return stored.length > 0 ? stored : localStatus(name).keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private Map<Integer, EventTrackerStatus> localStatus(String name) {
        return processor(name).map(StreamingEventProcessor::processingStatus).orElse(Map.of());
    }

    private long compute(String name, boolean readSegments) {
        Map<Integer, EventTrackerStatus> local = localStatus(name);
        int[] known = segments(name, readSegments);
        if (known.length == 0) {
            return ProjectionNames.SEARCH.equals(name) ? searchIndex.rebuildPosition() : 0;
        }
        return Arrays.stream(known).mapToLong(segment -> position(name, segment, local.get(segment))).min().orElse(0);
    }

    private long position(String name, int segment, EventTrackerStatus status) {
        if (status != null) {
            return Positions.processedBefore(status.getTrackingToken());
        }
        if (ProjectionNames.SEARCH.equals(name)) {
            return searchIndex.rebuildPosition();
        }
        OptionalLong checkpoint = checkpoints.read(name, segment);
        return checkpoint.orElse(0);
    }
}
