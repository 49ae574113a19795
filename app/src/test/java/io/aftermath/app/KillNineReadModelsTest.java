package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.FreePorts;

/**
 * The real executable, killed with SIGKILL while tickets pour in, restarted on the same H2 directory:
 * every acknowledged report is in the log, and the read models agree with the log again. Release
 * health once stayed short of tickets for good after such a kill, since the store brought back a
 * read model's inserts without the updates made beside them.
 */
class KillNineReadModelsTest {

    private static final String ADMIN_HASH = "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu";
    private static final String RELEASE = "kill@1.0.0";
    private static final int KILLS = 2;
    private static final int REPORTS_PER_LIFE = 300;
    private static final Pattern TICKETS = Pattern.compile("\"tickets\":(\\d+)");
    private static final Pattern HEAD = Pattern.compile("\"head\":(\\d+)");
    private static final Pattern TICKET_ID = Pattern.compile("\"ticketId\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dataDir;

    @Test
    void after_kill_9_release_health_counts_every_ticket_in_the_log() throws Exception {
        for (int life = 0; life < KILLS; life++) {
            int port = FreePorts.any();
            Process node = start(port);
            try {
                awaitHealthy(port);
                if (life == 0) {
                    assertThat(post(port, "/api/releases", "{\"service\":\"kill\",\"version\":\"1.0.0\"}")
                            .statusCode()).isEqualTo(201);
                }
                reportUntil(port, acknowledged.size() + REPORTS_PER_LIFE);
            } finally {
                node.toHandle().destroyForcibly();
                node.waitFor(60, TimeUnit.SECONDS);
            }
        }

        int port = FreePorts.any();
        Process node = start(port);
        try {
            awaitHealthy(port);
            long head = number(HEAD, get(port, "/actuator/health").body());
            long reportedInLog = get(port, "/api/events?limit=10000").body().lines()
                    .filter(line -> line.contains("TicketReported")).count();
            assertThat(reportedInLog).isGreaterThanOrEqualTo(acknowledged.size());

            // Read-your-writes gives up after 5 s; a cold node replaying may take longer, so wait here.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                String release = get(port, "/api/releases/" + RELEASE + "?after=" + head).body();
                assertThat(number(TICKETS, release)).as(release).isEqualTo(reportedInLog);
            });
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (String ticketId : acknowledged) {
                    assertThat(get(port, "/api/tickets/" + ticketId + "?after=" + head).statusCode()).isEqualTo(200);
                }
            });
        } finally {
            node.destroy();
            node.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Four clients report until {@code total} reports are acknowledged in all; the kill comes right after. */
    private void reportUntil(int port, int total) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                while (acknowledged.size() < total) {
                    HttpResponse<String> created = post(port, "/api/tickets", "{\"releaseId\":\"" + RELEASE
                            + "\",\"title\":\"Spinner never stops\",\"description\":\"Checkout hangs\"}");
                    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                    Matcher id = TICKET_ID.matcher(created.body());
                    assertThat(id.find()).isTrue();
                    acknowledged.add(id.group(1));
                }
                return null;
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }

    private Process start(int port) throws IOException {
        return AppNode.inOwnJvm(List.of("--server.port=" + port, "--aftermath.data-dir=" + dataDir,
                        "--aftermath.security.users[0].username=admin",
                        "--aftermath.security.users[0].password=" + ADMIN_HASH,
                        "--aftermath.security.users[0].roles=ADMIN"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get(port, "/actuator/health").statusCode() == 200);
    }

    private static long number(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    private HttpResponse<String> post(int port, String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
