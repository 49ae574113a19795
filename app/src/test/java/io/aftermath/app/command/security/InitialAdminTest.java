package io.aftermath.app.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import com.mongodb.client.MongoDatabase;

import io.aftermath.app.command.support.AppNode;

/** Without configured users the first start creates admin once; later starts reuse it silently. */
@ExtendWith(OutputCaptureExtension.class)
class InitialAdminTest {

    @TempDir
    Path dataDir;

    @Test
    void the_first_start_creates_admin_prints_its_password_once_and_later_starts_reuse_it(CapturedOutput output)
            throws Exception {
        Path passwordFile = dataDir.resolve("initial-admin-password");
        String password;
        try (AppNode node = AppNode.start(dataDir, List.of())) {
            assertThat(passwordFile).exists();
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            password = Files.readString(passwordFile).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(occurrences(output.getOut(), password)).isEqualTo(1);
            Document stored = node.bean(MongoDatabase.class).getCollection("users")
                    .find(new Document("_id", "admin")).first();
            assertThat(stored.getString("password")).startsWith("{bcrypt}$2").doesNotContain(password);
            assertAdminCanWrite(node, password, "1.0.0");
        }

        try (AppNode restarted = AppNode.start(dataDir, List.of())) {
            assertThat(occurrences(output.getOut(), password)).as("printed again").isEqualTo(1);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(password);
            assertAdminCanWrite(restarted, password, "1.0.1");
            restarted.client().get().uri("/api/releases").headers(h -> h.setBasicAuth("admin", "guess"))
                    .exchange().expectStatus().isUnauthorized();
        }
    }

    /**
     * Users are often configured because the admin password leaked: a node started later without them
     * (a lost environment variable) must not bring the old one back.
     */
    @Test
    void configured_users_retire_the_initial_admin_so_a_node_started_without_them_makes_a_new_one()
            throws Exception {
        Path passwordFile = dataDir.resolve("initial-admin-password");
        String leaked;
        try (AppNode node = AppNode.start(dataDir, List.of())) {
            leaked = Files.readString(passwordFile).strip();
        }

        try (AppNode configured = AppNode.start(dataDir, AppNode.TEST_USERS)) {
            assertThat(configured.bean(MongoDatabase.class).getCollection("users")
                    .find(new Document("_id", "admin")).first()).isNull();
            assertThat(passwordFile).doesNotExist();
            configured.client().get().uri("/api/releases").headers(h -> h.setBasicAuth("admin", leaked))
                    .exchange().expectStatus().isUnauthorized();
        }

        try (AppNode unconfigured = AppNode.start(dataDir, List.of())) {
            String fresh = Files.readString(passwordFile).strip();
            assertThat(fresh).isNotEqualTo(leaked);
            unconfigured.client().get().uri("/api/releases").headers(h -> h.setBasicAuth("admin", leaked))
                    .exchange().expectStatus().isUnauthorized();
            assertAdminCanWrite(unconfigured, fresh, "2.0.0");
        }
    }

    private static void assertAdminCanWrite(AppNode node, String password, String version) {
        node.client().post().uri("/api/releases")
                .headers(h -> h.setBasicAuth("admin", password))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("service", "checkout", "version", version))
                .exchange().expectStatus().isCreated();
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
