package io.aftermath.shared.ledger;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.eventhandling.DomainEventMessage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * Runs in a child JVM for {@link DurabilityAfterKillTest}: appends from four threads forever, with
 * batches in flight as on the embedded server, and prints the id of every event the ledger
 * acknowledged, until the parent kills it with SIGKILL.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(Path.of(args[0])));
        MongoClient client = MongoClients.create(server.connectionString());
        MongoLedgerStorageEngine engine = LedgerTestSupport.soleWriter(client.getDatabase("aftermath"),
                server.durabilityBarrier());
        System.out.println("READY");
        System.out.flush();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.submit(() -> {
                for (long sequence = 0; ; sequence++) {
                    List<DomainEventMessage<?>> commit = LedgerTestSupport.events("writer-" + writer, sequence * 2, 2);
                    engine.appendEvents(commit);
                    synchronized (System.out) {
                        commit.forEach(event -> System.out.println("ACK " + event.getIdentifier()));
                        System.out.flush();
                    }
                }
            });
        }
    }
}
