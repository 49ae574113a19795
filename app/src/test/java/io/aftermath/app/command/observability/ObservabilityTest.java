package io.aftermath.app.command.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.Endpoint;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;

@AftermathHttpTest
class ObservabilityTest {

    @Autowired
    WebTestClient client;

    @Test
    void prometheus_shows_command_timings_by_outcome_beside_axons_own_metrics() {
        Api api = new Api(client);
        String releaseId = api.freshRelease();
        api.post(TestUsers.TRIAGER, "/api/tickets/no-such-ticket/assign", Map.of("assignee", "dana"))
                .expectStatus().isNotFound();

        // Axon's dimensional timers keep series per processor, payload type and quantile: once a shared test
        // context has seen every event type (the demo story does), a scrape is past 500 KB.
        String metrics = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).containsPattern("aftermath_commands_seconds_count\\{[^}]*command=\"RegisterRelease\"[^}]*"
                + "outcome=\"success\"");
        assertThat(metrics).containsPattern("aftermath_commands_seconds_count\\{[^}]*command=\"AssignTicket\"[^}]*"
                + "outcome=\"rejected:TICKET_NOT_FOUND\"");
        assertThat(metrics).containsPattern("(?m)^commandBus_\\w+\\{[^}]*payloadType=\"RegisterRelease\"");
        assertThat(metrics).containsPattern("(?m)^eventStore_\\w+");
        assertThat(releaseId).isNotBlank();
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> apiDescription() {
        return client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
