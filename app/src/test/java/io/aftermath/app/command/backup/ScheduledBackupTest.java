package io.aftermath.app.command.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.aftermath.app.AftermathApplication;
import io.aftermath.app.command.support.AppNode;

/**
 * {@code aftermath.backup.interval} refused at the start; the schedule itself, at intervals short enough
 * for a test, is {@code ScheduledBackupsTest}'s.
 */
class ScheduledBackupTest {

    @TempDir
    Path dataDir;

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
    void an_interval_under_a_minute_stops_the_start_with_the_reason() {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.add("--aftermath.backup.interval=0s");

        assertThatThrownBy(() -> AppNode.start(dataDir, arguments).close())
                .hasRootCauseMessage("aftermath.backup.interval=0s is shorter than the minimum of 1m");
    }
}
