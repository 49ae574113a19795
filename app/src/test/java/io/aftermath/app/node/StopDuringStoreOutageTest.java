package io.aftermath.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.client.MongoClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;
import io.aftermath.shared.mongo.EmbeddedMongoSettings.Backend;

/**
 * Tester 25: a node stopped while its store was gone took 7-14 s. Axon's processors sat in store calls
 * waiting out the driver's 30 s server selection; Axon waited 5 s for them, logged a timeout and
 * interrupted them. Now the node closes the driver's connections first, so they fail at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class StopDuringStoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void a_node_stopping_with_its_store_gone_does_not_wait_for_the_store(CapturedOutput output) throws IOException {
        int port = freePort();
        EmbeddedMongoServer mongo = EmbeddedMongoServer.start(new EmbeddedMongoSettings(Backend.MEMORY, null, port, 0, false));
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.mongo.uri=mongodb://127.0.0.1:" + port);
        AppNode node = AppNode.start(dir.resolve("node"), arguments);
        try {
            Api api = new Api(node.client());
            api.reportTicket(api.registerRelease("checkout", "6.0"), "Card declined");
            MongoClient driver = node.bean(MongoClient.class);
            mongo.close();
            mongo = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> !driver.getClusterDescription().hasWritableServer());
        } finally {
            long started = System.nanoTime();
            node.close();
            // A guard against waiting out the driver (30 s), not a speed target.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            if (mongo != null) {
                mongo.close();
            }
        }

        assertThat(output.getAll()).contains("Stopping while the store is out of reach")
                .doesNotContain("Timed out during shutdown phase");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
