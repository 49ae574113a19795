package io.aftermath.shared.mongo.memory;

import java.util.List;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import io.aftermath.shared.mongo.index.MapUniqueIndex;

/**
 * mongo-java-server's memory backend with a {@link MapUniqueIndex} on a {@link SpreadKeyMap} for every
 * unique index, and {@link FastMemoryCollection}s.
 */
public final class FastMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new FastMemoryDatabase(databaseName, getCursorRegistry());
    }

    private static final class FastMemoryDatabase extends MemoryDatabase {

        FastMemoryDatabase(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new FastMemoryCollection(this, collectionName, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new MapUniqueIndex<>(new SpreadKeyMap(), indexName, keys, sparse);
        }
    }
}
