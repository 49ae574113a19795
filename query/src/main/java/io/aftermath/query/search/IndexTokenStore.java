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
 * (every query node keeps its own index), stored by committing the index with the position.
 */
public class IndexTokenStore implements TokenStore {

    private final SearchIndex index;
    private final SearchBatches batches;

    public IndexTokenStore(SearchIndex index, SearchBatches batches) {
        this.index = index;
        this.batches = batches;
    }

    /** The processor's batch ends here: its documents and position committed together. */
    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        try {
            index.commit(Positions.processedBefore(token));
        } finally {
            batches.ended();
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        long position = index.committed();
        return position == 0 ? null : new GlobalSequenceTrackingToken(position - 1);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
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
