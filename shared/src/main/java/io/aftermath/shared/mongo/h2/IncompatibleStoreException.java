package io.aftermath.shared.mongo.h2;

/** The store file holds data in a format this version does not read. */
public final class IncompatibleStoreException extends RuntimeException {

    IncompatibleStoreException(String message) {
        super(message);
    }
}
