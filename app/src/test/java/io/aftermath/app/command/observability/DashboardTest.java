package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.AppNode;

/**
 * The Grafana dashboard (docker/grafana/dashboards/aftermath.json) plots series a node really
 * publishes, in PromQL that Prometheus parses, through the provisioned datasource. A renamed meter or
 * a typo would otherwise leave an empty panel, which after a release reads as "all quiet".
 */
class DashboardTest {

    private static final Path GRAFANA = Promtool.DOCKER.resolve("grafana");
    private static final Path DASHBOARD = GRAFANA.resolve(Path.of("dashboards", "aftermath.json"));
    private static final Path DATASOURCE = GRAFANA.resolve(Path.of("provisioning", "datasources", "prometheus.yml"));

    /** Prometheus writes these for each scrape; no node publishes them. */
    private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up");
    /** What Grafana puts in place of its variables, for promtool: any node, a usual window. */
    private static final Map<String, String> VARIABLES = Map.of("$node", ".+", "$__rate_interval", "5m");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    // Possessive, so that a function's name is never taken for a series by giving back its last letters.
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:$])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    private static final Pattern JOB = Pattern.compile("\\bjob=\"([^\"]*)\"");

    private final JsonNode dashboard = read();

    @TempDir
    Path directory;

    @Test
    void every_series_a_panel_plots_is_published_by_a_node_on_the_embedded_store() throws IOException {
        Set<String> plotted = new TreeSet<>();
        queries().forEach(query -> plotted.addAll(seriesIn(query.expr())));
        assertThat(plotted).contains("aftermath_ledger_append_seconds_bucket", "aftermath_projection_lag",
                "http_server_requests_seconds_bucket", "jvm_gc_pause_seconds_sum",
                "aftermath_backup_last_success_timestamp_seconds", "up");
        plotted.removeAll(WRITTEN_BY_PROMETHEUS);

        // The embedded store on a file, not in memory: only such a node takes backups and has their gauges.
        try (AppNode node = AppNode.start(directory, AppNode.TEST_USERS)) {
            Api api = new Api(node.client());
            api.reportTicket(api.freshRelease(), "Checkout times out");
            // The pause timer appears once a collection has been reported, which a young JVM may not have
            // had yet; the report comes on a notification thread, after System.gc() returns.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                System.gc();
                assertThat(NodeSeries.publishedBy(node.client())).as("series a node publishes").containsAll(plotted);
            });
        }
    }

    @Test
    void promtool_parses_every_panel_expression() throws Exception {
        Promtool.assumeInstalled();
        List<Map<String, String>> rules = new ArrayList<>();
        for (Query query : queries()) {
            String expr = query.expr();
            for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
                expr = expr.replace(variable.getKey(), variable.getValue());
            }
            assertThat(expr).as("panel %s, query %s: a variable this test cannot replace", query.panel(), query.refId())
                    .doesNotContain("$");
            rules.add(Map.of("record", "dashboard:panel_" + query.panel() + "_" + query.refId(), "expr", expr));
        }
        Path file = directory.resolve("dashboard-rules.yml");
        Map<String, Object> group = Map.of("name", "dashboard", "rules", rules);
        Files.writeString(file, new Yaml().dump(Map.of("groups", List.of(group))));

        Promtool.assertSucceeds("check", "rules", file.toAbsolutePath().toString());
    }

    @Test
    void every_query_goes_to_the_provisioned_datasource_and_the_job_prometheus_scrapes() throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> datasources = (List<Map<String, Object>>) new Yaml()
                .<Map<String, Object>>load(Files.readString(DATASOURCE)).get("datasources");
        Object uid = datasources.get(0).get("uid");
        List<JsonNode> references = dashboard.findValues("datasource");
        assertThat(references).isNotEmpty()
                .allSatisfy(reference -> assertThat(reference.path("uid").asText()).isEqualTo(uid));

        Set<String> jobs = new TreeSet<>();
        queries().forEach(query -> jobs.addAll(jobsIn(query.expr())));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            jobs.addAll(jobsIn(variable.path("query").asText()));
        }
        assertThat(jobs).containsExactly("aftermath");
        assertThat(Files.readString(Promtool.DOCKER.resolve("prometheus.yml"))).contains("job_name: aftermath");
    }

    @Test
    void the_series_of_an_expression_are_the_names_outside_calls_matchers_ranges_and_groupings() {
        assertThat(seriesIn("histogram_quantile(0.99, sum by (le) (rate(a_bucket{uri!~\"/x|y\"}[$__rate_interval])))"
                + " / on (instance) group_left (role) b_total > 1e3 and c offset 5m unless time() - d:rule"))
                .containsExactly("a_bucket", "b_total", "c", "d:rule");
    }

    /** Its description says that AftermathServerErrors pages above its line, so it plots what the alert counts. */
    @Test
    void the_server_errors_panel_counts_the_statuses_its_alert_counts() throws IOException {
        String matcher = "status=~\"" + MonitoringRulesTest.serverErrorStatuses() + "\"";

        assertThat(queries()).filteredOn(query -> query.expr().contains("status=~")).singleElement()
                .satisfies(query -> assertThat(query.expr()).contains(matcher));
    }

    @Test
    void the_dashboard_and_its_panels_keep_the_ids_that_links_use() {
        List<Integer> ids = new ArrayList<>();
        collectIds(dashboard.path("panels"), ids);

        assertThat(dashboard.path("uid").asText()).isEqualTo("aftermath");
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates().doesNotContain(0);
    }

    private record Query(int panel, String refId, String expr) {
    }

    private List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        collectQueries(dashboard.path("panels"), queries);
        assertThat(queries).isNotEmpty();
        return queries;
    }

    /** Rows hold their panels while collapsed, so panels are walked at every depth. */
    private static void collectQueries(JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("id").asInt(), target.path("refId").asText(),
                        target.path("expr").asText()));
            }
            collectQueries(panel.path("panels"), queries);
        }
    }

    private static void collectIds(JsonNode panels, List<Integer> ids) {
        for (JsonNode panel : panels) {
            ids.add(panel.path("id").asInt());
            collectIds(panel.path("panels"), ids);
        }
    }

    /** The series an expression reads: what is left once strings, matchers, ranges and groupings are gone. */
    private static Set<String> seriesIn(String expr) {
        String bare = GROUPING.matcher(MATCHERS_AND_RANGES.matcher(STRING.matcher(expr).replaceAll("")).replaceAll(""))
                .replaceAll("");
        Set<String> series = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group())) {
                series.add(name.group());
            }
        }
        return series;
    }

    private static Set<String> jobsIn(String expr) {
        Set<String> jobs = new TreeSet<>();
        Matcher job = JOB.matcher(expr);
        while (job.find()) {
            jobs.add(job.group(1));
        }
        return jobs;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + DASHBOARD, e);
        }
    }
}
