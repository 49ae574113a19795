package io.aftermath.shared.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.aftermath.shared.mongo.StoreSight;

class LedgerHealthIndicatorTest {

    /** Without looking at the driver's view first, the ping waited out server selection (30 s) before DOWN. */
    @Test
    void a_store_out_of_sight_is_down_without_waiting_for_server_selection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + closedPort
                + "/?connectTimeoutMS=200&serverSelectionTimeoutMS=30000")) {
            LedgerHealthIndicator indicator = new LedgerHealthIndicator(null, null, client.getDatabase("aftermath"),
                    new StoreSight(client));

            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("store");
        }
    }
}
