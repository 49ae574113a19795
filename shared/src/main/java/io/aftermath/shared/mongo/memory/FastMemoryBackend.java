package io.aftermath.shared.mongo.memory;

import java.util.List;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/** mongo-java-server's memory backend with {@link FastMemoryUniqueIndex} for every unique index. */
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
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                         boolean sparse) {
            return new FastMemoryUniqueIndex(indexName, keys, sparse);
        }
    }
}
