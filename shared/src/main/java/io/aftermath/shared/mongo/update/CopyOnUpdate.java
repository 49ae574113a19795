package io.aftermath.shared.mongo.update;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Makes a collection's updates copy-on-write, so that a document, once stored, never changes.
 * mongo-java-server updates the stored document object itself: an operator update ({@code $set},
 * {@code $push}, ...) changes the nested documents and lists it holds, then every update rewrites its
 * fields one by one. A query's reply holds those same objects and is encoded on its connection's own
 * thread once the collection's lock is released, so a reader got half of an update, or a
 * {@code ConcurrentModificationException} that closed its connection. The update is handed a copy of
 * each document it matched instead; the copy, updated, takes the original's place.
 *
 * <p>A replacement only rewrites the copy's fields, so that copy is shallow; an operator update's is
 * deep. Not thread-safe: each collection keeps its own, used under the collection's lock, which its
 * updates and queries all hold.
 */
public final class CopyOnUpdate {

    private enum Depth { NONE, SHALLOW, DEEP }

    private Depth depth = Depth.NONE;

    /**
     * Runs an update whose matched documents are to be copies.
     *
     * @param update the replacement or the operators, {@code null} for a removal (nothing to copy)
     */
    public Document updating(Object update, Supplier<Document> write) {
        Depth outer = depth;
        depth = depthFor(update);
        try {
            return write.get();
        } finally {
            depth = outer;
        }
    }

    /** What a query found, copied when an update is to change it. */
    public QueryResult found(QueryResult result) {
        if (depth == Depth.NONE) {
            return result;
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : result) {
            copies.add(depth == Depth.DEEP ? document.cloneDeeply() : document.clone());
        }
        return new QueryResult(copies, result.getCursorId());
    }

    private static Depth depthFor(Object update) {
        if (update == null) {
            return Depth.NONE;
        }
        if (update instanceof Document replacement
                && replacement.keySet().stream().noneMatch(key -> key.startsWith("$"))) {
            return Depth.SHALLOW;
        }
        return Depth.DEEP;
    }
}
