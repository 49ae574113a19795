package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.support.AftermathHttpTest;

/**
 * The production alerts (docker/alerts.yml) watch series a node really publishes, and fire on what
 * they name: promtool validates the Prometheus configuration and runs the rules' own tests
 * (docker/alerts-test.yml). A renamed meter would otherwise leave an alert that can never fire.
 */
@AftermathHttpTest
class MonitoringRulesTest {

    private static final Pattern OWN_SERIES = Pattern.compile("\\b((?:aftermath|http_server_requests)_[a-z_]+)\\b");

    @Autowired
    WebTestClient client;

    @Test
    void every_series_an_alert_watches_is_published_by_a_node() throws IOException {
        Api api = new Api(client);
        api.reportTicket(api.freshRelease(), "Checkout times out");
        Set<String> watched = watchedSeries(Files.readString(Promtool.DOCKER.resolve("alerts.yml")));

        assertThat(watched).contains("aftermath_ledger_append_seconds_count", "aftermath_projection_lag",
                "http_server_requests_seconds_count");
        assertThat(NodeSeries.publishedBy(client)).as("series a node publishes").containsAll(watched);
    }

    @Test
    void promtool_accepts_the_configuration_and_the_alerts_fire_as_their_tests_expect() throws Exception {
        Promtool.assumeInstalled();

        Promtool.assertSucceeds("check", "config", "prometheus.yml");
        Promtool.assertSucceeds("test", "rules", "alerts-test.yml");
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
}
