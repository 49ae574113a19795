package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.axonframework.micrometer.GlobalMetricRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.Endpoint;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.live.TriageStreams;
import io.aftermath.shared.infrastructure.ShortWindowMetricRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;

@AftermathHttpTest
class ObservabilityTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    WebTestClient client;

    @Autowired
    MeterRegistry meters;
    @Autowired
    GlobalMetricRegistry axonMetrics;

    @Autowired
    TriageStreams triageStreams;

    @Test
    void prometheus_shows_command_timings_by_outcome_beside_axons_own_metrics() {
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        api.post(TestUsers.TRIAGER, "/api/tickets/no-such-ticket/assign", Map.of("assignee", "dana"))
                .expectStatus().isNotFound();

        String metrics = scrape();

        assertThat(metrics).containsPattern("aftermath_commands_seconds_count\\{[^}]*command=\"RegisterRelease\"[^}]*"
                + "outcome=\"success\"");
        assertThat(metrics).containsPattern("aftermath_commands_seconds_count\\{[^}]*command=\"AssignTicket\"[^}]*"
                + "outcome=\"rejected:TICKET_NOT_FOUND\"");
        assertThat(metrics).containsPattern("(?m)^commandBus_\\w+\\{[^}]*payloadType=\"RegisterRelease\"");
        assertThat(metrics).containsPattern("(?m)^eventStore_\\w+");
        assertThat(releaseId).isNotBlank();
    }

    @Test
    void prometheus_shows_the_ledger_the_live_streams_and_latency_buckets() {
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        EntityExchangeResult<Map> reported = api.post(TestUsers.REPORTER, "/api/tickets", Map.of("releaseId", releaseId,
                "title", "Checkout times out", "description", "What happened: it timed out"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult();
        String ticketId = (String) reported.getResponseBody().get("ticketId");
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();

        // Subscribed rather than stepped through, so the waits below run on the test's thread, whichever thread
        // delivers the events. At the report's position: a release the read side has not seen yet is 404.
        Disposable stream = client.get().uri("/api/triage/stream?releaseId=" + releaseId + "&after="
                        + reported.getResponseHeaders().getFirst("X-Aftermath-Position"))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(SSE).getResponseBody()
                .subscribe(received::add);
        String whileStreaming;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            assertThat(received.get(0).event()).isEqualTo("snapshot");
            // The hub counts a subscriber once its snapshot is queued, which may be just after it arrives. Read on
            // the registry: a scrape of this shared context is large and slow on a busy machine.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(triageSubscribers())
                    .as("triage subscribers while streaming (the hub counts %d); events so far %s",
                            triageStreams.subscribers(), received)
                    .isGreaterThanOrEqualTo(1));
            whileStreaming = scrape();
        } finally {
            stream.dispose();
        }
        String metrics = scrape();

        assertThat(value(whileStreaming, "aftermath_live_subscribers", "stream=\"triage\""))
                .isGreaterThanOrEqualTo(1);

        assertThat(ticketId).isNotBlank();
        assertThat(value(metrics, "aftermath_ledger_append_seconds_count", "outcome=\"success\"")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "aftermath_ledger_events_appended_total", "")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "aftermath_ledger_head", "")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "aftermath_ledger_batch_commits_count", "")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).containsPattern("(?m)^aftermath_ledger_batch_events_bucket\\{");
        assertThat(metrics).containsPattern("(?m)^aftermath_live_subscribers_dropped_total\\{[^}]*stream=\"timeline\"");
        // One series of each timer: a dozen or so buckets and +Inf, where Micrometer's own would put 60-70.
        assertThat(buckets(metrics, "aftermath_commands_seconds_bucket", "command=\"ReportTicket\"",
                "outcome=\"success\"")).hasSizeBetween(10, 20).anyMatch(line -> line.contains("le=\"+Inf\""));
        assertThat(buckets(metrics, "http_server_requests_seconds_bucket", "method=\"POST\"", "uri=\"/api/tickets\"",
                "status=\"201\"")).hasSizeBetween(10, 20);
        assertThat(buckets(metrics, "aftermath_ledger_append_seconds_bucket", "outcome=\"success\"")).hasSizeBetween(10, 20);
    }

    /** Each would wrap every filter of Spring Security's chain, for as long as a request lasts (a stream: hours). */
    @Test
    void spring_securitys_own_observations_are_off_while_requests_are_timed() {
        new Api(client).freshRelease();

        // The request's timer is recorded as its exchange ends, which may be just after the client has the answer.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.find("http.server.requests").tag("uri", "/api/releases").timers()).isNotEmpty());
        assertThat(meters.find("spring.security.filterchains").meters()).isEmpty();
        assertThat(meters.find("spring.security.authorizations").meters()).isEmpty();
    }

    /** Axon's own registry, also on the classpath, would keep ten minutes of every message's handling time. */
    @Test
    void axons_monitors_come_from_the_registry_whose_capacity_window_is_a_minute() {
        assertThat(axonMetrics).isInstanceOf(ShortWindowMetricRegistry.class);
        assertThat(axonMetrics.getRegistry()).isSameAs(meters);
    }

    @Test
    void axons_gauges_registered_again_on_every_message_are_not_warned_about_but_late_meter_filters_are() {
        Api api = new Api(client);
        api.freshRelease();
        api.freshRelease();

        assertThat(scrape()).containsPattern("(?m)^commandBus_capacity\\{[^}]*payloadType=\"RegisterRelease\"");
        assertThat(LoggerFactory.getLogger(MeterRegistry.class).isWarnEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger(meters.getClass()).isWarnEnabled()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_api_description_lists_every_write_endpoint() {
        Map<String, Object> openApi = apiDescription();

        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openApi.get("paths");
        List<String> documented = Endpoint.ALL.stream()
                .map(endpoint -> endpoint.template().replace("{ticket}", "{ticketId}")
                        .replace("{release}", "{releaseId}").replace("{item}", "{actionItemId}"))
                .toList();
        assertThat(paths).containsKeys(documented.toArray(String[]::new));
        documented.forEach(path -> assertThat(paths.get(path)).containsKey("post"));
        assertThat(paths.get("/api/postmortems/import")).containsKey("post");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_api_description_says_how_to_authenticate() {
        Map<String, Object> openApi = apiDescription();

        Map<String, Map<String, Object>> schemes = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) openApi.get("components")).get("securitySchemes");
        assertThat(schemes.get("basic")).containsEntry("type", "http").containsEntry("scheme", "basic");
        assertThat(schemes.get("bearer")).containsEntry("type", "http").containsEntry("scheme", "bearer")
                .containsEntry("bearerFormat", "JWT");
        assertThat((List<Map<String, Object>>) openApi.get("security"))
                .containsExactly(Map.of("basic", List.of()), Map.of("bearer", List.of()));
    }

    private double triageSubscribers() {
        return meters.get("aftermath.live.subscribers").tag("stream", "triage").gauge().value();
    }

    private String scrape() {
        // Axon's dimensional timers keep series per processor, payload type and quantile: once a shared test
        // context has seen every event type (the demo story does), a scrape is past 500 KB.
        return client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The value of the first sample of {@code name} whose labels hold {@code label}; -1 when there is none. */
    private static double value(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label)).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).orElse(-1.0);
    }

    /** The lines of one series' buckets. */
    private static List<String> buckets(String metrics, String name, String... labels) {
        return metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains)).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> apiDescription() {
        return client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
