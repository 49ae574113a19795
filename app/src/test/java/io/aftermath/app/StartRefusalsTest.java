package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.ImmutableFile;
import io.aftermath.shared.mongo.EmbeddedMongoServer;
import io.aftermath.shared.mongo.EmbeddedMongoSettings;

/**
 * The real executable in its own JVM, started with a configuration it cannot honour: whichever bean
 * finds that out, the start ends with one line on stderr, no stack trace, and exit code 2, like a
 * locked data directory (see {@code GracefulRestartTest}).
 */
class StartRefusalsTest {

    @TempDir
    Path dir;

    @Test
    void a_backup_schedule_on_the_memory_backend_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Refusal refusal = start("--aftermath.mongo.embedded.backend=memory", "--aftermath.backup.interval=1h");

        refusal.assertOneLine("aftermath: aftermath.backup.interval is set, but no backup can be taken: "
                + "The embedded store runs in memory (aftermath.mongo.embedded.backend=memory): there is no file");
    }

    @Test
    void a_backup_schedule_on_a_real_mongodb_is_refused_with_one_line_and_exit_code_2() throws Exception {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(EmbeddedMongoSettings.inMemory())) {
            Refusal refusal = start("--aftermath.mongo.uri=" + mongo.connectionString(),
                    "--aftermath.backup.interval=6h");

            refusal.assertOneLine("aftermath: aftermath.backup.interval is set, but no backup can be taken: "
                    + "This node uses the MongoDB of aftermath.mongo.uri: back up the node whose embedded store "
                    + "that is, or use MongoDB's own means (mongodump, volume snapshots)");
        }
    }

    @Test
    void a_store_file_that_is_no_file_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data").resolve(EmbeddedMongoServer.STORE_FILE));

        Refusal refusal = start();

        refusal.assertOneLine("aftermath: cannot write " + store + ": FileSystemException " + store
                + ": Is a directory");
    }

    /** Before: H2 opened it read-only, and the start failed at the first commit with a stack trace. */
    @Test
    void a_store_file_the_system_will_not_write_is_refused_with_one_line_and_exit_code_2() throws Exception {
        EmbeddedMongoServer.start(EmbeddedMongoSettings.onDisk(dir.resolve("data"))).close();
        Path store = dir.resolve("data").resolve(EmbeddedMongoServer.STORE_FILE).toAbsolutePath();

        try (ImmutableFile immutable = ImmutableFile.make(store)) {
            Refusal refusal = start();

            refusal.assertOneLine("aftermath: cannot write " + store + ": FileSystemException " + store
                    + ": Operation not permitted");
        }
    }

    /** Starts the executable on {@code dir/data} with these settings and waits for it to end. */
    Refusal start(String... settings) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(AppNode.TEST_USERS);
        arguments.addAll(List.of("--server.port=0", "--aftermath.data-dir=" + dir.resolve("data")));
        arguments.addAll(List.of(settings));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = AppNode.inOwnJvm(arguments).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ended by itself").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Refusal(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    record Refusal(int exitCode, String stdout, String stderr) {

        void assertOneLine(String line) {
            assertThat(exitCode).as("exit code; stderr: %s", stderr).isEqualTo(2);
            assertThat(stderr.strip()).isEqualTo(line);
            assertThat(stdout).as("the log holds no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
        }
    }
}
