package io.aftermath.query.progress;

import java.util.Arrays;
import java.util.HashMap;
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
 * <em>served</em> position: the processed one, which never goes back, and for the search index during a
 * rebuild the old index's.
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
    /** The highest position each projection's progress has shown. */
    private final Map<String, Long> shown = new ConcurrentHashMap<>();
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
        boolean readSegments = now - segmentsReadAt >= SEGMENTS_REFRESH_MILLIS;
        if (readSegments) {
            segmentsReadAt = now;
        }
        Map<String, Long> positions = new HashMap<>();
        boolean movedElsewhere = false;
        for (String name : ProjectionNames.ALL) {
            Map<Integer, EventTrackerStatus> local = localStatus(name);
            long position = compute(name, readSegments, local);
            positions.put(name, position);
            movedElsewhere |= !ProjectionNames.SEARCH.equals(name) && local.isEmpty()
                    && position != processed.getOrDefault(name, -1L);
        }
        // A position another node's processor reached is published only with the generations read after it: past
        // a rebuild's switch it is the rebuilt generation's, and a read told that position must be served from it.
        if (movedElsewhere || now - generationsReadAt >= GENERATIONS_REFRESH_MILLIS) {
            generations.refresh();
            generationsReadAt = now;
        }
        processed.putAll(positions);
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
     * Every event before the returned position is reflected in what reads of this projection see. It never goes
     * back: a node that lost a segment reads its new owner's checkpoint, written up to a token interval late.
     */
    public long served(String name) {
        if (ProjectionNames.SEARCH.equals(name)) {
            // Its processor's position may be past the index's last commit, which alone makes documents searchable.
            return searchIndex.committed();
        }
        return shown.merge(name, processed(name), Math::max);
    }

    public boolean rebuilding(String name) {
        return ProjectionNames.SEARCH.equals(name) ? searchIndex.rebuilding() : generations.get(name).rebuilding();
    }

    /**
     * Where the rebuild under way ends: the live processor's position, which the replay must reach, or for a
     * search index started from the beginning of the log, the head it started below.
     */
    public long rebuildTarget(String name) {
        return ProjectionNames.SEARCH.equals(name) ? searchIndex.rebuildTarget() : processed(name);
    }

    /**
     * How far a rebuild's replay has got: every event before it is in the generation being rebuilt. A search index
     * started afresh from the log has no replay: its processor fills the index served.
     */
    public long rebuilt(String name) {
        if (ProjectionNames.SEARCH.equals(name)) {
            return searchIndex.servingOldGeneration() ? searchIndex.rebuildPosition() : processed(name);
        }
        return generations.get(name).replayedTo();
    }

    /**
     * True when the store names this process as the owner of every claimed segment of a shared projection, and there
     * is one; true too where the store cannot say (an in-memory one).
     */
    public boolean heldHere(String name) {
        return !(tokenStore instanceof LedgerTokenStore ledgerTokens) || ledgerTokens.heldHere(name);
    }

    /** This node's {@code aftermath.node-id}, as claims name it; null where the store keeps no names. */
    public String nodeId() {
        return tokenStore instanceof LedgerTokenStore ledgerTokens ? ledgerTokens.nodeId() : null;
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
        return compute(name, readSegments, localStatus(name));
    }

    private long compute(String name, boolean readSegments, Map<Integer, EventTrackerStatus> local) {
        int[] known = segments(name, readSegments);
        if (known.length == 0) {
            return ProjectionNames.SEARCH.equals(name) ? searchIndex.committed() : 0;
        }
        return Arrays.stream(known).mapToLong(segment -> position(name, segment, local.get(segment))).min().orElse(0);
    }

    private long position(String name, int segment, EventTrackerStatus status) {
        if (status != null) {
            return Positions.processedBefore(status.getTrackingToken());
        }
        if (ProjectionNames.SEARCH.equals(name)) {
            return searchIndex.committed();
        }
        OptionalLong checkpoint = checkpoints.read(name, segment);
        return checkpoint.orElse(0);
    }
}
