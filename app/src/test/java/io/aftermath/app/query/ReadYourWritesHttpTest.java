package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.query.support.ReadClient;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;

@QueryHttpTest
class ReadYourWritesHttpTest {

    @Autowired
    WebTestClient client;
    @Autowired
    Writes writes;
    @Autowired
    ReadClient reads;
    @Autowired
    ObjectMapper mapper;

    /**
     * Tester 32: with a team writing at once, a write could answer the position of an earlier batch still
     * being written, at or below its own event, so a read after it could answer without the write (a 404
     * for a ticket just reported), not marked stale.
     */
    @Test
    void each_of_many_concurrent_writes_answers_a_position_past_its_own_event() throws Exception {
        String release = writes.release(Ids.service("together"), "1.0");
        long before = writes.position();
        Map<String, Long> answered = new ConcurrentHashMap<>();
        ExecutorService team = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> reports = IntStream.range(0, 96).<Callable<Void>>mapToObj(i -> () -> {
                String correlationId = "together-" + i;
                String position = client.post().uri("/api/tickets")
                        .headers(h -> {
                            h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD);
                            h.set("X-Correlation-Id", correlationId);
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("releaseId", release, "title", "Report " + i, "description", "Seen"))
                        .exchange().expectStatus().isCreated().returnResult(Void.class)
                        .getResponseHeaders().getFirst("X-Aftermath-Position");
                answered.put(correlationId, Long.parseLong(position));
                return null;
            }).toList();
            for (Future<Void> report : team.invokeAll(reports)) {
                report.get();
            }
        } finally {
            team.shutdownNow();
        }

        Map<String, Long> stored = eventPositionsByCorrelation(before,
                answered.values().stream().max(Long::compare).orElseThrow());
        assertThat(answered).hasSize(96).allSatisfy((correlationId, position) -> assertThat(position)
                .as(correlationId).isGreaterThan(stored.get(correlationId)));
    }

    private Map<String, Long> eventPositionsByCorrelation(long from, long end) throws Exception {
        String lines = client.get().uri("/api/events?limit=10000&from=" + from)
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        Map<String, Long> positions = new HashMap<>();
        for (String line : lines.split("\n")) {
            JsonNode event = mapper.readTree(line);
            positions.put(event.path("metadata").path("correlationId").asText(), event.path("position").asLong());
        }
        assertThat(positions.values()).as("the export reaches the last write").anyMatch(position -> position >= end - 1);
        return positions;
    }

    @Test
    void the_position_can_be_given_as_a_header_too() {
        String ticket = writes.report(writes.release(Ids.service("ryw"), "1.0"), "Seen at once");

        client.get().uri("/api/tickets/" + ticket)
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", Long.toString(writes.position()));
                })
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody().jsonPath("$.title").isEqualTo("Seen at once");
    }

    @Test
    void a_position_not_reached_in_time_answers_with_what_there_is_marked_stale() {
        String ticket = writes.report(writes.release(Ids.service("stale"), "1.0"), "Exists");

        reads.getAfter("/api/tickets/" + ticket, writes.position() + 1_000_000)
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                .expectBody().jsonPath("$.title").isEqualTo("Exists");
    }

    /** Before, such a 404 carried neither header, so a write not yet read looked as if it did not exist. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/tickets/t-not-yet", "/api/releases/not-yet@1.0", "/api/releases/not-yet@1.0/timeline",
            "/api/postmortems/pm-not-yet"})
    void nothing_found_where_a_position_was_not_reached_in_time_is_a_stale_404(String path) {
        writes.release(Ids.service("stale404"), "1.0");

        reads.getAfter(path, writes.position() + 1_000_000)
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true")
                .expectHeader().exists("X-Aftermath-Read-Position");
    }

    /**
     * Every read that waits for a position takes the larger of {@code ?after=} and the header. Before:
     * the parameter won even when lower, and the read answered at once without the write.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/triage", "/api/tickets/{ticket}", "/api/releases", "/api/releases/{release}",
            "/api/releases/{release}/timeline", "/api/postmortems"})
    void a_lower_parameter_does_not_lower_the_position_the_header_asks_for(String template) {
        String release = writes.release(Ids.service("larger"), "1.0");
        String ticket = writes.report(release, "Behind the header");
        String path = template.replace("{release}", release).replace("{ticket}", ticket);

        client.get().uri(path + "?after=1")
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", Long.toString(writes.position() + 1_000_000));
                })
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Stale", "true");
    }

    /**
     * Regression: Spring's number conversion read {@code ?after=0x7FFFFFFF} as 2147483647 (a read held 5 s for a
     * position never written), {@code #10} as 16 and {@code +5} as 5, while the header refused {@code 0x10}.
     * Query values are sent encoded as written; {@code +5} unencoded arrives as " 5".
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "/api/triage, 0x7FFFFFFF", "/api/triage, %2310", "/api/triage, %2B5", "/api/triage, +5",
            "/api/triage, %D9%A5", "/api/triage/stream, 0x10", "/api/tickets/t-1, 0x10", "/api/releases, 0x10",
            "/api/releases/r@1.0, 0x10", "/api/releases/r@1.0/timeline, 0x10",
            "/api/releases/r@1.0/timeline/stream, 0x10", "/api/postmortems, 0x10", "/api/postmortems/pm-1, 0x10"})
    void a_position_in_the_query_is_refused_as_the_header_refuses_it(String path, String encoded) {
        client.get().uri(URI.create(path + "?after=" + encoded))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .accept(path.endsWith("/stream") ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("after must be a ledger position (0 or more)")
                .jsonPath("$.errors[0].field").isEqualTo("after")
                .jsonPath("$.errors[0].message").isEqualTo("must be a ledger position (0 or more)");
    }

    /** Before, {@link Long#parseLong} took a sign: {@code +5} was 5 in the header and refused in no form. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0x10", "#10", "+5", "-0"})
    void a_position_in_the_header_is_decimal_digits_only(String header) {
        client.get().uri("/api/triage")
                .headers(h -> {
                    h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD);
                    h.set("X-Aftermath-After", header);
                })
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.detail").isEqualTo("X-Aftermath-After must be a ledger position (0 or more)");
    }

    @Test
    void a_position_that_is_not_a_number_is_refused() {
        reads.get("/api/triage?after=-3").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }
}
