package io.aftermath.app.command.web;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/** Tester 75: what a request says it sends and accepts, beyond plain JSON. */
@AftermathHttpTest
class MediaTypeNegotiationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    /** Before: reads failed with 500 and a stack in the log, writes were answered 406 after they had appended. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json;charset=latin1", "application/json;charset=UTF-16",
            "application/json;charset=iso-8859-1, text/plain;q=0.1"})
    void an_accept_naming_a_charset_is_answered_in_json_which_is_utf_8(String accept) {
        String service = Ids.service("charset");
        LedgerHead head = LedgerHead.remember(ledger);

        api.post(TestUsers.ADMIN, "/api/releases", Map.of("service", service, "version", "1"),
                        headers -> headers.set(HttpHeaders.ACCEPT, accept))
                .expectStatus().isCreated()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.releaseId").isEqualTo(service + "@1");
        assertThat(head.grownBy()).isEqualTo(1);
        for (String read : new String[] {"/api/triage", "/api/releases", "/actuator/health"}) {
            client.get().uri(read).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                    .header(HttpHeaders.ACCEPT, accept).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        }
    }

    /** Before: the replay answered a stream of server-sent events, the verification problem+json. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    void the_replay_and_the_verification_answer_json_alone(String accept) {
        String releaseId = api.freshRelease();

        for (String read : new String[] {"/api/releases/" + releaseId + "/replay", "/api/audit/verify"}) {
            assertProblem(client.get().uri(read).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                    .header(HttpHeaders.ACCEPT, accept).exchange(), 406, "NOT_ACCEPTABLE");
        }
    }

    /** Tester 77: reads took a range with q=0 as a preference, so each was answered in the type it refused. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"/api/triage | application/json;q=0, */*",
            "/api/releases | application/*;q=0, text/*", "/api/events | application/x-ndjson;q=0, */*",
            "/api/triage/stream | text/event-stream;q=0, */*",
            "/api/releases/checkout@1.0/events | application/x-ndjson;q=0, */*",
            "/api/releases/checkout@1.0/timeline/stream | text/event-stream;q=0, */*"})
    void a_read_whose_accept_refuses_its_type_with_q_0_is_406(String read, String accept) {
        Map<String, Object> problem = assertProblem(client.get().uri(read)
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header(HttpHeaders.ACCEPT, accept).exchange(), 406, "NOT_ACCEPTABLE");

        assertThat((String) problem.get("detail")).startsWith("This answers ").endsWith(", which the Accept header "
                + "does not admit");
        // Not a stream: one would not end. The release is unknown, so a release's read admitted is 404.
        client.get().uri(read.endsWith("stream") ? "/api/triage" : read)
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header(HttpHeaders.ACCEPT, "text/plain;q=0.5, */*;q=0.1").exchange()
                .expectStatus().value(status -> assertThat(status).isIn(200, 404));
    }

    /** What no handler serves is judged by no answer type: it is 404, whatever it accepts. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {"GET | /api/nothing-here", "POST | /api/nothing-here",
            "GET | /api/releases/checkout@1.0/nothing-here"})
    void a_path_no_handler_serves_is_404_whatever_its_accept(String method, String path) {
        assertProblem(client.method(HttpMethod.valueOf(method)).uri(path)
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header(HttpHeaders.ACCEPT, "text/html").exchange(), 404, "NOT_FOUND");
    }

    /** Before: each was read as plain JSON and written. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/merge-patch+json", "application/problem+json", "application/vnd.foo+json"})
    void a_body_of_another_json_type_is_415_and_writes_nothing(String type) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(client.post().uri("/api/releases")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType(type))
                .bodyValue("{\"service\":\"" + Ids.service("typed") + "\",\"version\":\"1\"}").exchange(),
                415, "UNSUPPORTED_MEDIA_TYPE");

        assertThat(problem).containsEntry("detail",
                "Content type '" + type + "' is not supported here; send application/json");
        head.assertUnchanged();
    }

    /** Before: Spring's reason, the header twice over, cut short mid-word, offering NDJSON to a write. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "application/json, text/plain | Invalid token character ',' in token \"json, text/plain\"",
            ";;; | it names no type"})
    void a_content_type_that_cannot_be_read_is_415_saying_why_and_what_to_send(String type, String why)
            throws Exception {
        LedgerHead head = LedgerHead.remember(ledger);
        String basic = Base64.getEncoder().encodeToString((TestUsers.ADMIN + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));

        // WebTestClient parses the header itself and would refuse to send it.
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/releases"))
                .header("Authorization", "Basic " + basic).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"x\",\"version\":\"1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.body()).contains("\"detail\":" + JSON.writeValueAsString(
                "The Content-Type header '" + type + "' cannot be read (" + why + "); send application/json"));
        head.assertUnchanged();
    }

    /** Before: an empty Accept-Patch, though no resource here takes PATCH. */
    @Test
    void options_names_the_methods_and_no_patch_format() {
        client.options().uri("/api/releases").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk()
                .expectHeader().exists(HttpHeaders.ALLOW)
                .expectHeader().doesNotExist(HttpHeaders.ACCEPT_PATCH);
    }

    /** Before: a stream was an object without properties, an upload an array of Spring's PartEvent. */
    @Test
    void the_api_description_describes_streams_as_event_text_and_uploads_as_files() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/triage/stream'].get.responses['200'].content['text/event-stream'].schema.type")
                .isEqualTo("string")
                .jsonPath("$.paths['/api/postmortems/import'].post.requestBody.content['multipart/form-data']"
                        + ".schema.properties.files.items.format").isEqualTo("binary")
                .jsonPath("$.components.schemas.PartEvent").doesNotExist()
                .jsonPath("$.components.schemas.ServerSentEventString").doesNotExist();
    }

    /** A JSON Schema pattern matches anywhere in the value: unanchored, "x y" passed the description's. */
    @Test
    void the_api_description_anchors_the_patterns_of_release_ids() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.schemas.RegisterReleaseRequest.properties.service.pattern")
                .value(pattern -> assertThat((String) pattern).startsWith("^").endsWith("$"))
                .jsonPath("$.components.schemas.ReportTicketRequest.properties.releaseId.pattern")
                .value(pattern -> assertThat((String) pattern).startsWith("^").endsWith("$"));
    }
}
