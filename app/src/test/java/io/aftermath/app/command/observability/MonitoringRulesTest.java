package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Tools;

/**
 * The production alerts (docker/alerts.yml) watch series a node really publishes, and fire on what
 * they name: promtool validates the Prometheus configuration and runs the rules' own tests
 * (docker/alerts-test.yml). A renamed meter would otherwise leave an alert that can never fire.
 */
@AftermathHttpTest
class MonitoringRulesTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final Pattern OWN_SERIES = Pattern.compile("\\b((?:aftermath|http_server_requests)_[a-z_]+)\\b");

    @Autowired
    WebTestClient client;

    @Test
    void every_series_an_alert_watches_is_published_by_a_node() throws IOException {
        Api api = new Api(client);
        api.reportTicket(api.freshRelease(), "Checkout times out");
        Set<String> watched = watchedSeries(Files.readString(DOCKER.resolve("alerts.yml")));

        String scrape = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(watched).contains("aftermath_ledger_append_seconds_count", "aftermath_projection_lag",
                "http_server_requests_seconds_count");
        for (String series : watched) {
            assertThat(scrape).as("a series alerts.yml watches").containsPattern("(?m)^" + series + "[{ ]");
        }
    }

    @Test
    void promtool_accepts_the_configuration_and_the_alerts_fire_as_their_tests_expect() throws Exception {
        assumeTrue(Tools.installed("promtool", "--version"), "promtool is not installed (.ci/run installs it); skipping");

        assertSucceeds("promtool", "check", "config", "prometheus.yml");
        assertSucceeds("promtool", "test", "rules", "alerts-test.yml");
    }

    private static Set<String> watchedSeries(String rules) {
        Set<String> series = new TreeSet<>();
        for (String line : rules.lines().filter(line -> !line.strip().startsWith("#")).toList()) {
            Matcher matcher = OWN_SERIES.matcher(line);
            while (matcher.find()) {
                series.add(matcher.group(1));
            }
        }
        return series;
    }

    private static void assertSucceeds(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).directory(DOCKER.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
