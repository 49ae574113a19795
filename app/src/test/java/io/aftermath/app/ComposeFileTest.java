package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import io.aftermath.app.support.Tools;

/**
 * The production compose file must stay valid. There is no Docker engine here, but Debian's
 * {@code docker-compose} checks a file without one (.ci/run installs it). It does not look for the
 * files a service mounts, so the Grafana tests do.
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final String PASSWORD_VARIABLE = "GRAFANA_ADMIN_PASSWORD";

    @TempDir
    Path emptyDirectory;

    @BeforeEach
    void dockerComposeIsInstalled() {
        assumeTrue(Tools.installed("docker-compose", "version"),
                "docker-compose is not installed (.ci/run installs it); skipping");
    }

    @Test
    void the_compose_file_validates_and_names_a_replica_set_and_both_roles() throws Exception {
        String output = config(true);

        assertThat(output).contains("replicaSet=rs0", "AFTERMATH_ROLES: command", "AFTERMATH_ROLES: query",
                "prom/prometheus", "alerts.yml");
        assertThat(Files.readString(DOCKER.resolve("prometheus.yml"))).contains("/actuator/prometheus");
    }

    /** Before (tester 23): no node id (claims named by per-process defaults), a health probe blind to PORT. */
    @Test
    void each_node_has_its_own_id_and_its_health_probe_follows_its_port() throws Exception {
        Map<String, Map<String, Object>> services = services(config(true));

        List<Object> ids = List.of("command", "query").stream()
                .map(node -> environment(services.get(node)).get("AFTERMATH_NODE_ID")).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(Files.readString(COMPOSE)).contains("/dev/tcp/127.0.0.1/$${SERVER_PORT:-$${PORT:-8080}}");
    }

    @Test
    void grafana_is_pinned_and_mounts_its_datasource_and_dashboards_from_files_that_exist() throws Exception {
        Map<String, Map<String, Object>> services = services(config(true));
        Map<String, Object> grafana = services.get("grafana");

        assertThat((String) grafana.get("image")).matches("grafana/grafana-oss:\\d+\\.\\d+\\.\\d+");
        Map<String, Path> mounts = bindMounts(grafana);
        assertThat(mounts).containsKeys("/etc/grafana/provisioning/datasources",
                "/etc/grafana/provisioning/dashboards");
        mounts.values().forEach(source -> assertThat(source).as("a file Grafana mounts").exists());

        Map<String, Object> datasource = onlyEntry(mounts.get("/etc/grafana/provisioning/datasources"), "datasources");
        String datasourceHost = URI.create((String) datasource.get("url")).getHost();
        assertThat(services).as("the datasource's host is a service").containsKey(datasourceHost);
        Map<String, Object> provider = onlyEntry(mounts.get("/etc/grafana/provisioning/dashboards"), "providers");
        @SuppressWarnings("unchecked")
        String dashboards = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(mounts).as("the dashboards' directory is mounted").containsKey(dashboards);
        assertThat(mounts.get(dashboards).resolve("aftermath.json")).exists();
    }

    @Test
    void grafana_is_not_started_with_a_default_admin_password() throws Exception {
        assertThat(config(false)).contains(PASSWORD_VARIABLE);
    }

    /** The file as docker-compose reads it; without the password it must refuse. */
    private String config(boolean withPassword) throws IOException, InterruptedException {
        // An empty env file: a local docker/.env holding the password must not decide the outcome.
        Path envFile = Files.createFile(emptyDirectory.resolve("empty.env"));
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "--env-file", envFile.toString(),
                "-f", COMPOSE.toString(), "config").redirectErrorStream(true);
        builder.environment().remove(PASSWORD_VARIABLE);
        if (withPassword) {
            builder.environment().put(PASSWORD_VARIABLE, "a-password-for-this-check-only");
        }
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue() == 0).as(output).isEqualTo(withPassword);
        return output;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(String config) {
        return (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(config).get("services");
    }

    /** docker-compose v1 writes a service's environment as a map, v2 may write a list of NAME=value. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> variables = new HashMap<>();
        for (Object entry : (List<Object>) environment) {
            String[] pair = ((String) entry).split("=", 2);
            variables.put(pair[0], pair.length > 1 ? pair[1] : null);
        }
        return variables;
    }

    /** Target to source of each bind mount, in docker-compose v1's short syntax or v2's long one. */
    @SuppressWarnings("unchecked")
    private static Map<String, Path> bindMounts(Map<String, Object> service) {
        Map<String, Path> mounts = new HashMap<>();
        for (Object volume : (List<Object>) service.get("volumes")) {
            if (volume instanceof Map<?, ?> longSyntax && "bind".equals(longSyntax.get("type"))) {
                mounts.put((String) longSyntax.get("target"), Path.of((String) longSyntax.get("source")));
            } else if (volume instanceof String shortSyntax && shortSyntax.startsWith("/")) {
                String[] parts = shortSyntax.split(":");
                mounts.put(parts[1], Path.of(parts[0]));
            }
        }
        return mounts;
    }

    /** The one entry of the list {@code key} in the one YAML file of a provisioning directory. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyEntry(Path directory, String key) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".yml")).toList();
        }
        assertThat(files).as("provisioning files in %s", directory).hasSize(1);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) new Yaml()
                .<Map<String, Object>>load(Files.readString(files.get(0))).get(key);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
