package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;

/**
 * The production alerts (docker/alerts.yml) watch series a node really publishes, and fire on what
 * they name: promtool validates the Prometheus configuration and runs the rules' own tests
 * (docker/alerts-test.yml). A renamed meter would otherwise leave an alert that can never fire.
 */
@AftermathHttpTest
class MonitoringRulesTest {

    private static final Pattern OWN_SERIES = Pattern.compile("\\b((?:aftermath|http_server_requests|disk)_[a-z_]+)\\b");
    /** Only a node on the embedded store's file takes backups; their series appear with its first. */
    private static final Set<String> BACKUP_SERIES = Set.of("aftermath_backup_seconds_count",
            "aftermath_backup_last_success_timestamp_seconds");
    private static final Pattern STATUS_MATCHER = Pattern.compile("status=~\"([^\"]*)\"");

    @Autowired
    WebTestClient client;

    @Test
    void every_series_an_alert_watches_is_published_by_a_node() throws IOException {
        Api api = new Api(client);
        api.reportTicket(api.freshRelease(), "Checkout times out");
        Set<String> watched = watchedSeries(Files.readString(Promtool.DOCKER.resolve("alerts.yml")));

        assertThat(watched).contains("aftermath_ledger_append_seconds_count", "aftermath_projection_lag",
                "http_server_requests_seconds_count", "disk_free_bytes").containsAll(BACKUP_SERIES);
        watched.removeAll(BACKUP_SERIES);
        assertThat(NodeSeries.publishedBy(client)).as("series a node publishes").containsAll(watched);
    }

    @Test
    void the_backup_alerts_watch_series_a_node_on_a_store_file_publishes_once_it_took_a_backup(@TempDir Path data) {
        try (AppNode node = AppNode.start(data, AppNode.TEST_USERS)) {
            node.client().post().uri("/api/admin/backup")
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isCreated();

            assertThat(NodeSeries.publishedBy(node.client())).containsAll(BACKUP_SERIES);
        }
    }

    @Test
    void promtool_accepts_the_configuration_and_the_alerts_fire_as_their_tests_expect() throws Exception {
        Promtool.assumeInstalled();

        Promtool.assertSucceeds("check", "config", "prometheus.yml");
        Promtool.assertSucceeds("test", "rules", "alerts-test.yml");
    }

    /**
     * Before, it counted status=~"5..": a port scanner's TRACE or FOO, answered 501 METHOD_NOT_IMPLEMENTED to
     * anyone, paged on-call. Checked here as well as by promtool, which not every machine has.
     */
    @Test
    void the_server_errors_alert_counts_500_and_503_and_not_the_501_of_a_method_no_path_takes() throws IOException {
        Pattern counted = Pattern.compile(serverErrorStatuses());

        assertThat(List.of("500", "503")).allMatch(status -> counted.matcher(status).matches());
        assertThat(List.of("501", "502", "504", "200", "404")).noneMatch(status -> counted.matcher(status).matches());
    }

    /** The regular expression AftermathServerErrors matches statuses with (Prometheus anchors it). */
    static String serverErrorStatuses() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(Promtool.DOCKER.resolve("alerts.yml")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
        @SuppressWarnings("unchecked")
        String expr = groups.stream().flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(rule -> "AftermathServerErrors".equals(rule.get("alert")))
                .map(rule -> (String) rule.get("expr")).findFirst().orElseThrow();
        Matcher status = STATUS_MATCHER.matcher(expr);
        assertThat(status.find()).as("a status matcher in %s", expr).isTrue();
        return status.group(1);
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
