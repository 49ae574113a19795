package io.aftermath.shared.mongo.h2;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * mongo-java-server's H2 backend storing documents and index keys as BSON. The stock backend opens
 * every map with H2's generic type, which Java-serializes each document and, for want of a native
 * comparison, both index keys of every comparison; measured on the ledger's inserts that was where
 * nearly all the server's time went. A file records its format so that one written by the stock
 * backend is refused with a clear message instead of being misread.
 */
public final class TypedH2Backend extends H2Backend {

    public static final int FORMAT = 2;
    private static final String FORMAT_MAP = "aftermath.format";
    private static final String FORMAT_KEY = "documents";

    private TypedH2Backend(MVStore store) {
        super(store);
    }

    /** Opens the databases in {@code store}, marking a new store with this format. */
    public static TypedH2Backend open(MVStore store) {
        MVMap<String, Integer> format = store.openMap(FORMAT_MAP);
        Integer found = format.get(FORMAT_KEY);
        boolean hasData = store.getMapNames().stream().anyMatch(name -> name.startsWith(TypedH2Database.DATABASES_PREFIX));
        if (found == null && hasData) {
            throw new IncompatibleStoreException("it was written by an earlier storage format (Java-serialized "
                    + "documents); move it aside to start a new ledger");
        }
        if (found != null && found != FORMAT) {
            throw new IncompatibleStoreException("it has storage format " + found + ", this version reads " + FORMAT);
        }
        format.putIfAbsent(FORMAT_KEY, FORMAT);
        return new TypedH2Backend(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new TypedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
