package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.aftermath.app.support.Tools;

/**
 * The production compose file must stay valid. There is no Docker engine here, but Debian's
 * {@code docker-compose} checks a file without one (.ci/run installs it).
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker", "compose.yaml");

    @Test
    void the_compose_file_validates_and_names_a_replica_set_and_both_roles() throws Exception {
        assumeTrue(Tools.installed("docker-compose", "version"),
                "docker-compose is not installed (.ci/run installs it); skipping");
        Process check = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("replicaSet=rs0", "AFTERMATH_ROLES: command", "AFTERMATH_ROLES: query",
                "prom/prometheus", "alerts.yml");
        assertThat(Files.readString(Path.of("..", "docker", "prometheus.yml"))).contains("/actuator/prometheus");
    }
}
