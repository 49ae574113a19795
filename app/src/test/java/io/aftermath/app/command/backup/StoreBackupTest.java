package io.aftermath.app.command.backup;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.mongo.EmbeddedMongoServer;

/** An ADMIN backs up a running node's store; the backup, unzipped into a new data directory, is that ledger. */
class StoreBackupTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @TempDir
    Path dataDir;

    @TempDir
    Path restoredDir;

    @Test
    void a_backup_of_a_running_node_restores_its_ledger_intact() throws IOException {
        String ticketId;
        Map<String, Object> backup;
        try (AppNode node = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            Api api = new Api(node.client());
            String releaseId = api.registerRelease("backup", "1.0.0");
            ticketId = api.reportTicket(releaseId, "Checkout times out after the upgrade");

            assertProblem(backup(node.client(), TestUsers.RESPONDER), 403, "FORBIDDEN");
            backup = backup(node.client(), TestUsers.ADMIN).expectStatus().isCreated()
                    .expectBody(JSON).returnResult().getResponseBody();
            node.client().get().uri("/actuator/info").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.backup.newest.file").isEqualTo(backup.get("file"))
                    .jsonPath("$.backup.newest.checkpoint").isEqualTo(backup.get("checkpoint"));
        }

        Path file = Path.of((String) backup.get("file"));
        assertThat(file).startsWith(dataDir.resolve("backups")).exists();
        assertThat(((Number) backup.get("bytes")).longValue()).isEqualTo(Files.size(file));
        assertThat(((Number) backup.get("head")).longValue()).isEqualTo(2);
        assertThat(backup.get("takenAt")).asString().endsWith("Z");
        assertThat(backup).containsEntry("intact", true).containsEntry("firstBrokenLink", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> checkpoint = (Map<String, Object>) backup.get("checkpoint");
        assertThat(checkpoint).containsEntry("position", 2).containsKey("digest");
        assertThat(Path.of(file.toString().replace(".zip", ".json"))).content().contains((String) checkpoint.get("digest"));
        unzip(file, restoredDir);

        try (AppNode restored = AppNode.start(restoredDir, AppNode.TEST_USERS)) {
            restored.client().get().uri("/api/audit/verify?position=2&digest=" + checkpoint.get("digest"))
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(true)
                    .jsonPath("$.eventsChecked").isEqualTo(2);
            restored.client().get().uri("/api/tickets/" + ticketId + "?after=2")
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.title").isEqualTo("Checkout times out after the upgrade");
        }
    }

    static WebTestClient.ResponseSpec backup(WebTestClient client, String user) {
        return client.post().uri("/api/admin/backup").headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD))
                .exchange();
    }

    private static void unzip(Path zip, Path directory) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry = entries.getNextEntry();
            assertThat(entry.getName()).isEqualTo(EmbeddedMongoServer.STORE_FILE);
            Files.copy(entries, directory.resolve(entry.getName()));
        }
    }
}
