package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aftermath.app.support.Tools;

/** Runs promtool in docker/, where the Prometheus files name each other by relative paths. */
final class Promtool {

    static final Path DOCKER = Path.of("..", "docker");

    private Promtool() {
    }

    static void assumeInstalled() {
        assumeTrue(Tools.installed("promtool", "--version"), "promtool is not installed (.ci/run installs it); skipping");
    }

    static void assertSucceeds(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(DOCKER.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
