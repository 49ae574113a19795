package io.aftermath.query.search;

import java.util.List;
import java.util.Optional;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import io.aftermath.query.projection.Positions;

/**
 * The search processor's token, kept in the index it describes: one segment, owned by this node only
 * (every query node keeps its own index), stored by committing the index with the position, at most once per
 * commit interval while events flow ({@link SearchIndex#processorReached}), and on disk at most once per sync
 * interval. A commit or sync that waits is made before the processor starts again from the index's position, and as
 * it stops.
 */
public class IndexTokenStore implements TokenStore {

    private final SearchIndex index;
    private final SearchBatches batches;

    public IndexTokenStore(SearchIndex index, SearchBatches batches) {
        this.index = index;
        this.batches = batches;
    }

    /** The processor's batch ends here: its documents and position committed together, now or with a later batch. */
    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        try {
            index.processorReached(Positions.processedBefore(token));
        } finally {
            batches.ended();
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        batches.commitWaiting(index, true);
        long position = index.committed();
        return position == 0 ? null : new GlobalSequenceTrackingToken(position - 1);
    }

    /**
     * Nothing to extend: the segment is this node's alone. Axon's default fetches the token, which would make the
     * waiting commit at every batch's first event (Axon extends the claim there).
     */
    @Override
    public void extendClaim(String processorName, int segment) {
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        batches.commitWaiting(index, true);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return new int[] {0};
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return List.of(Segment.ROOT_SEGMENT);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return Optional.empty();
    }
}
