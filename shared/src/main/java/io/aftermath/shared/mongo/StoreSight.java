package io.aftermath.shared.mongo;

import com.mongodb.client.MongoClient;

/**
 * Whether this node can reach the store now, as the driver's monitor last saw it: no round trip, so every
 * request may ask. Out of sight (no writable server: the store is down, or a replica set has no primary,
 * which the log is read from and written to) a write waits out the driver's server selection, and a read
 * cannot learn of events the node has not seen, whatever it holds in memory. Health, the refusal of writes,
 * the answers to requests caught by an outage and the {@code aftermath.store.reachable} gauge all ask here,
 * so they never disagree about the store.
 */
public class StoreSight {

    private final MongoClient client;

    public StoreSight(MongoClient client) {
        this.client = client;
    }

    public boolean inSight() {
        return client.getClusterDescription().hasWritableServer();
    }

    /** The driver's view of the store's servers, for an operator told it is out of sight. */
    public String description() {
        return client.getClusterDescription().getShortDescription();
    }
}
