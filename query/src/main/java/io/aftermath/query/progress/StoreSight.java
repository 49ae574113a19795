package io.aftermath.query.progress;

import org.springframework.stereotype.Component;

import com.mongodb.client.MongoClient;

/**
 * Whether this node can reach the log now, as the driver's monitor last saw the store: no round trip, so
 * every read may ask. Out of sight (no writable server: the store is down, or a replica set has no
 * primary, which the log is read from) the node cannot learn of events it has not seen, whatever it holds
 * in memory. The same test has health report the ledger DOWN with the detail {@code store}.
 */
@Component
public class StoreSight {

    private final MongoClient client;

    public StoreSight(MongoClient client) {
        this.client = client;
    }

    public boolean inSight() {
        return client.getClusterDescription().hasWritableServer();
    }
}
