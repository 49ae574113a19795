package io.aftermath.query.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

/**
 * The documents one processing batch has read and changed, written together when the batch commits
 * (see {@link ProjectionTransactionManager}): a document touched by a hundred events of the batch is
 * read once and written once. Bound to the processing thread.
 */
final class ProjectionBatch {

    static final ThreadLocal<ProjectionBatch> CURRENT = new ThreadLocal<>();

    /**
     * A document as loaded ({@code originalPosition} null when it did not exist) and whether it changed; of a
     * collection whose writes are marked, also a copy of it as stored, which the handlers' changes do not reach.
     */
    static final class Entry {
        final Document document;
        final Long originalPosition;
        final Document stored;
        boolean dirty;

        Entry(Document document, Long originalPosition) {
            this(document, originalPosition, null);
        }

        Entry(Document document, Long originalPosition, Document stored) {
            this.document = document;
            this.originalPosition = originalPosition;
            this.stored = stored;
        }
    }

    private final boolean replay;
    private final Map<ProjectionStore, Integer> generations = new HashMap<>();
    private final Map<ProjectionStore, Map<String, Map<String, Entry>>> entries = new LinkedHashMap<>();
    private final List<Runnable> afterFlush = new ArrayList<>();
    private final Set<ProjectionStore> prefetched = new HashSet<>();
    private Long handedTo;

    /** @param replay a rebuild's replay, which writes the generation being rebuilt rather than the one read */
    ProjectionBatch(boolean replay) {
        this.replay = replay;
    }

    /**
     * The generation a store's documents are loaded from and written to, fixed for the batch when it first
     * asks: a rebuild ending meanwhile must not have one batch read one generation and write another.
     */
    int generation(ProjectionStore store, Generations.Generation current) {
        return generations.computeIfAbsent(store, s -> replay ? current.write() : current.read());
    }

    /** The processor's token for this batch, stored once the documents are: the batch leaves it there. */
    void handed(TrackingToken token) {
        handedTo = Positions.processedBefore(token);
    }

    /** Where the processor goes on from once this batch commits; null when the batch stores no token. */
    Long handed() {
        return handedTo;
    }

    Map<String, Entry> entries(ProjectionStore store, String collection) {
        return entries.computeIfAbsent(store, s -> new LinkedHashMap<>())
                .computeIfAbsent(collection, c -> new LinkedHashMap<>());
    }

    /** True the first time a store asks in this batch: the moment it prefetches. */
    boolean firstLoad(ProjectionStore store) {
        return prefetched.add(store);
    }

    void afterFlush(Runnable task) {
        afterFlush.add(task);
    }

    /** Writes every changed document, each store's collections in its flush order, then runs the follow-ups. */
    void flush() {
        entries.forEach((store, collections) -> store.flush(collections));
        afterFlush.forEach(Runnable::run);
    }
}
