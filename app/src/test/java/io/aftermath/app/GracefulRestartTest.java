package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.FreePorts;

/**
 * The real executable in its own JVM on an H2 data directory: SIGTERM shuts it down cleanly, the
 * file reopens with everything in it, and a second process on the same directory is refused with
 * one line and exit code 2. After the restart, what exists is refused without leaving a void.
 */
class GracefulRestartTest {

    private static final String ADMIN_HASH = "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu";
    private static final String CREDENTIALS = Base64.getEncoder()
            .encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));
    /** Imported four at a time, so that the store's refusals, had they come, would come with later positions out. */
    private static final String POSTMORTEMS = IntStream.range(0, 12)
            .mapToObj(i -> "{\"uuid\":\"pm-" + i + "\",\"title\":\"Outage " + i + "\",\"body\":\"What happened " + i + "\"}\n")
            .collect(Collectors.joining());
    private static final String NDJSON = "application/x-ndjson";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void sigterm_leaves_a_file_that_reopens_with_every_event() throws Exception {
        int port = FreePorts.any();
        Process first = start(port);
        try {
            awaitHealthy(port);
            HttpResponse<String> created = post(port, "/api/releases",
                    "{\"service\":\"checkout\",\"version\":\"9.9.9\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(post(port, "/api/postmortems/import?source=restart", NDJSON, POSTMORTEMS).body())
                    .contains("\"imported\":12");

            Process second = start(FreePorts.any());
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(stderr.strip()).startsWith("aftermath: data directory").contains("is locked")
                    .doesNotContain("\n");
        } finally {
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        }
        assertThat(Files.size(dataDir.resolve("aftermath.mv.db"))).isPositive();

        int again = FreePorts.any();
        Process restarted = start(again);
        try {
            awaitHealthy(again);
            assertThat(get(again, "/actuator/health").body()).contains("\"head\":13");
            assertThat(post(again, "/api/releases", "{\"service\":\"checkout\",\"version\":\"9.9.9\"}").statusCode())
                    .as("the release survived the restart, so registering it again conflicts").isEqualTo(409);
            assertThat(post(again, "/api/postmortems/import?source=restart", NDJSON, POSTMORTEMS).body())
                    .as("imported before the restart").contains("\"imported\":0,\"skipped\":12");
            // Before, the store refused these second creations only after they had taken positions, left void.
            assertThat(get(again, "/api/audit/verify").body()).contains("\"voidPositions\":0", "\"intact\":true");
            assertThat(get(again, "/actuator/health").body()).contains("\"head\":13");
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process start(int port) throws IOException {
        return AppNode.inOwnJvm(List.of("--server.port=" + port,
                        "--aftermath.data-dir=" + dataDir,
                        "--aftermath.security.users[0].username=admin",
                        "--aftermath.security.users[0].password=" + ADMIN_HASH,
                        "--aftermath.security.users[0].roles=ADMIN"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get(port, "/actuator/health").statusCode() == 200);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Basic " + CREDENTIALS).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String json) throws Exception {
        return post(port, path, "application/json", json);
    }

    private HttpResponse<String> post(int port, String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", contentType)
                        .header("Authorization", "Basic " + CREDENTIALS)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
