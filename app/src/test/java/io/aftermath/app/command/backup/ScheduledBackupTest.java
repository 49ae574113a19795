package io.aftermath.app.command.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.aftermath.app.AftermathApplication;
import io.aftermath.app.command.support.AppNode;

/** With {@code aftermath.backup.interval} set, the node backs itself up and keeps the newest {@code keep}. */
class ScheduledBackupTest {

    @TempDir
    Path dataDir;

    @Test
    void the_node_takes_backups_on_its_own_and_keeps_the_newest() {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.addAll(List.of("--aftermath.backup.interval=200ms", "--aftermath.backup.keep=2"));
        Set<String> seen = new HashSet<>();
        try (AppNode node = AppNode.start(dataDir, arguments)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<String> onDisk = backups();
                seen.addAll(onDisk);
                return seen.size() >= 4 && onDisk.size() <= 2;
            });
        }
    }

    @Test
    void a_schedule_on_a_node_without_a_store_file_stops_the_start_with_the_reason() {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.addAll(List.of("--server.port=0", "--aftermath.data-dir=" + dataDir,
                "--aftermath.mongo.embedded.backend=memory", "--aftermath.backup.interval=1h"));

        assertThatThrownBy(() -> new SpringApplicationBuilder(AftermathApplication.class)
                .run(arguments.toArray(String[]::new)).close())
                .hasRootCauseMessage("aftermath.backup.interval is set, but no backup can be taken: The embedded "
                        + "store runs in memory (aftermath.mongo.embedded.backend=memory): there is no file");
    }

    @Test
    void an_interval_that_is_not_positive_stops_the_start_with_the_reason() {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.backup.interval=0s");

        assertThatThrownBy(() -> AppNode.start(dataDir, arguments).close())
                .hasRootCauseMessage("aftermath.backup.interval must be a positive duration (such as 6h), not PT0S");
    }

    private List<String> backups() throws IOException {
        Path directory = dataDir.resolve("backups");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".zip")).toList();
        }
    }
}
