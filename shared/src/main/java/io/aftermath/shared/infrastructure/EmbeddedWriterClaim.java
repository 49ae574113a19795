package io.aftermath.shared.infrastructure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.node.StartRefusedException;

/**
 * The embedded server takes one writing node, the one hosting it: that node has several batches in
 * flight at once, as the log's only writer, and a commit of another node landing between them left a
 * later batch overlapping it, acknowledged yet never read (an exploratory run lost two 201s so, and the
 * audit then failed): the store refuses a document on its first position only, not on the later ones
 * it covers. So a host with the command role says so in {@code ledger_meta}, and a command node reaching that
 * server through {@code aftermath.mongo.uri} refuses to start.
 *
 * <p>The claim names the server's port: a store copied to a real MongoDB elsewhere keeps the document
 * but not the address, and is written to as any other. It is written twice: in the host's database, and
 * in a database of its own that every node looks in whatever {@code aftermath.mongo.database} it was given,
 * since a node naming another database would otherwise not see it and write its own log beside the
 * host's, into a file tied to the host's lifetime.
 */
final class EmbeddedWriterClaim {

    static final String ID = "embedded-writer";
    static final String HOST_DATABASE = "aftermath_embedded_host";
    private static final String PORT = "port";

    private EmbeddedWriterClaim() {
    }

    /** On the host: claims the store when it writes, else withdraws a claim an earlier run left. */
    static void record(MongoClient client, MongoDatabase database, int port, boolean writes) {
        for (MongoDatabase claimedIn : List.of(database, client.getDatabase(HOST_DATABASE))) {
            MongoCollection<Document> meta = claimedIn.getCollection(LedgerSchema.LEDGER_META);
            if (writes) {
                meta.replaceOne(Filters.eq("_id", ID),
                        new Document("_id", ID).append(PORT, port).append("since", Date.from(Instant.now())),
                        new ReplaceOptions().upsert(true));
            } else {
                meta.deleteOne(Filters.eq("_id", ID));
            }
        }
    }

    /** On a command node connecting through {@code uri}: refuses to start if that is a host's embedded server. */
    static void refuseIfClaimed(MongoClient client, MongoDatabase database, String uri) {
        Document claim = claim(database);
        if (claim == null) {
            claim = claimOnHost(client);
        }
        if (claim == null) {
            return;
        }
        int port = claim.getInteger(PORT, -1);
        for (String host : new ConnectionString(uri).getHosts()) {
            if (isLoopback(host) && portOf(host) == port) {
                throw new StartRefusedException("aftermath.mongo.uri names the embedded store of another node (" + host
                        + "), which takes writes from that node only: start this node with aftermath.roles=query, or"
                        + " use a real MongoDB for several command nodes");
            }
        }
    }

    private static Document claim(MongoDatabase database) {
        return database.getCollection(LedgerSchema.LEDGER_META).find(Filters.eq("_id", ID)).first();
    }

    /** A real MongoDB may not let this node's user read a database other than its own: then there is no host. */
    private static Document claimOnHost(MongoClient client) {
        try {
            return claim(client.getDatabase(HOST_DATABASE));
        } catch (MongoSecurityException | MongoCommandException notAllowed) {
            return null;
        }
    }

    private static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort.startsWith("[") ? hostAndPort.substring(1, hostAndPort.indexOf(']'))
                : hostAndPort.contains(":") ? hostAndPort.substring(0, hostAndPort.lastIndexOf(':')) : hostAndPort;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int portOf(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        return colon < 0 || hostAndPort.endsWith("]") ? 27017 : Integer.parseInt(hostAndPort.substring(colon + 1));
    }
}
