package io.aftermath.shared.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * Kills a writing process with SIGKILL while it appends to the H2-backed embedded store, reopens the
 * file and requires every event the writer saw acknowledged, with the log and its hash chains intact.
 * Batches still in flight at the kill may have left positions empty behind written ones: the reopened
 * engine fills them with voids, so the log reads through to its end.
 */
class DurabilityAfterKillTest {

    private static final int ACKNOWLEDGEMENTS_BEFORE_KILL = 3_000;

    @TempDir
    Path dataDir;

    @Test
    void every_acknowledged_commit_survives_kill_9() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && acknowledged.size() < ACKNOWLEDGEMENTS_BEFORE_KILL) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still drain.
            writer.toHandle().destroyForcibly();
            // Whatever was printed before the kill was acknowledged before it, so it counts too.
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                }
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGEMENTS_BEFORE_KILL);

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dataDir));
             MongoClient client = MongoClients.create(server.connectionString());
             MongoLedgerStorageEngine engine = LedgerTestSupport.engine(client.getDatabase("aftermath"))) {
            List<TrackedEventMessage<?>> log = engine.readEvents(null, false).<TrackedEventMessage<?>>map(e -> e)
                    .toList();
            Set<String> stored = new HashSet<>();
            log.forEach(event -> stored.add(event.getIdentifier()));

            assertThat(stored).containsAll(acknowledged);
            assertThat(stored).hasSize(log.size());
            VerificationReport verified = new LedgerVerifier(client.getDatabase("aftermath")).verifyAll();
            assertThat(verified.intact()).isTrue();
            assertThat(verified.eventsChecked()).isEqualTo(log.size());
            assertThat(engine.localHead()).isEqualTo(log.size() + verified.voidPositions());
            long lastPosition = ((GlobalSequenceTrackingToken) log.get(log.size() - 1).trackingToken()).getGlobalIndex();
            assertThat(engine.localHead()).as("a void only ever lies behind a written commit").isEqualTo(lastPosition + 1);
        }
    }
}
