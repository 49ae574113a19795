package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.SettledProjections;
import io.aftermath.app.demo.DemoSeeder;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * What a strict client generated from {@code /v3/api-docs} sees: every answer validates against the
 * schema its operation declares (JSON Schema 2020-12, which OpenAPI 3.1 uses), so a field that may be
 * null is declared so and a field the description calls required is always there.
 */
@AftermathHttpTest
class AnswersMatchTheirDescriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String DEMO_RELEASE = "checkout@2.4.0";

    @Autowired
    WebTestClient client;
    @Autowired
    DemoSeeder seeder;
    @Autowired
    MongoLedgerStorageEngine ledger;

    private JsonNode description;
    private Api api;

    @BeforeEach
    void fetchTheDescription() throws Exception {
        description = JSON.readTree(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        api = new Api(client);
    }

    @Test
    void the_description_says_which_answer_fields_are_always_there_and_which_may_be_null() {
        JsonNode ticket = description.at("/components/schemas/TicketView");
        assertThat(names(ticket.get("required"))).contains("ticketId", "status", "resolution", "history")
                .doesNotContain("aggregateVersion");
        assertThat(names(ticket.at("/properties/ticketId/type"))).containsExactly("string");
        assertThat(names(ticket.at("/properties/assignee/type"))).containsExactly("string", "null");
        assertThat(ticket.at("/properties/resolution/anyOf/1/type").asText()).as("an enum or null").isEqualTo("null");
        assertThat(description.at("/components/schemas/ReportTicketRequest/required").size())
                .as("a request's optional fields stay optional").isEqualTo(3);
    }

    @Test
    void every_read_of_a_whole_release_story_matches_its_schema() {
        seeder.seed();
        String quiet = api.freshRelease();
        String untriaged = api.reportTicket(quiet, "Nobody looked yet");
        String regressed = api.reportTicket(quiet, "Fixed, then seen again where nobody said");
        String hotfix = api.registerRelease(quiet.substring(0, quiet.indexOf('@')), "1.0.1", quiet);
        api.resolve(regressed, "FIXED", hotfix);
        api.post(TestUsers.RESPONDER, "/api/tickets/" + regressed + "/reopen", Map.of("reason", "seen again"))
                .expectStatus().isOk();
        SettledProjections.await(client, ledger);

        List<String> releases = List.of(DEMO_RELEASE, "checkout@2.4.1", "checkout@2.4.2", quiet, hotfix);
        List<String> failures = new ArrayList<>();
        failures.addAll(check("/api/releases", "/api/releases?limit=200"));
        failures.addAll(check("/api/triage", "/api/triage?limit=200"));
        failures.addAll(check("/api/audit/verify", "/api/audit/verify?releaseId=" + DEMO_RELEASE));
        failures.addAll(check("/api/admin/projections", "/api/admin/projections"));
        for (String release : releases) {
            failures.addAll(check("/api/releases/{releaseId}", "/api/releases/" + release));
            failures.addAll(check("/api/releases/{releaseId}/timeline", "/api/releases/" + release + "/timeline"));
            failures.addAll(check("/api/releases/{releaseId}/replay", "/api/releases/" + release + "/replay"));
        }
        failures.addAll(check("/api/releases/{releaseId}/replay",
                "/api/releases/" + DEMO_RELEASE + "/replay?position=" + (ledger.head() - 60)));
        List<String> tickets = new ArrayList<>(IntStream.rangeClosed(1, 25)
                .mapToObj(n -> "demo-checkout-240-%02d".formatted(n)).toList());
        tickets.add(untriaged);
        tickets.add(regressed);
        for (String ticket : tickets) {
            failures.addAll(check("/api/tickets/{ticketId}", "/api/tickets/" + ticket));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void post_mortems_found_and_read_match_their_schemas() {
        String word = Ids.service("quokka").replace("-", "");
        String markdown = "---\ntitle: Queue stalled (" + word + ")\n---\nThe " + word + " queue stalled.\n";
        String report = client.post().uri("/api/postmortems/import?source=fixture")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown"))
                .bodyValue(markdown.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<String> failures = new ArrayList<>(violations("/api/postmortems/import", "post", "200", report));
        String release = api.freshRelease();
        api.recordLesson(release);
        SettledProjections.await(client, ledger);

        String hits = read("/api/postmortems?q=" + word + " OR retry");
        failures.addAll(violations("/api/postmortems", "get", "200", hits));
        for (JsonNode hit : tree(hits).get("hits")) {
            failures.addAll(check("/api/postmortems/{id}", "/api/postmortems/" + hit.get("id").asText()));
        }
        assertThat(tree(hits).get("hits").size()).as("the import and a lesson are found").isGreaterThanOrEqualTo(2);
        assertThat(failures).isEmpty();
    }

    @Test
    void the_answers_to_writes_match_their_schemas() {
        String release = api.freshRelease();
        String ticket = api.reportTicket(release, "Checkout button greyed out");
        // In this order: a ticket is assigned once triaged.
        List<Map.Entry<String, Map<String, Object>>> writes = List.of(
                Map.entry("/api/tickets/{ticketId}/prioritise",
                        Map.of("severity", "S2", "urgency", "HIGH", "reason", "many users")),
                Map.entry("/api/tickets/{ticketId}/assign", Map.of("assignee", "dana")));
        List<String> failures = new ArrayList<>();
        writes.forEach(write -> failures.addAll(violations(write.getKey(), "post", "200", api.post(
                TestUsers.ADMIN, write.getKey().replace("{ticketId}", ticket), write.getValue()).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())));
        String published = api.post(TestUsers.ADMIN, "/api/releases/" + release + "/user-updates", Map.of(
                        "status", "INVESTIGATING", "channel", "status page", "message", "We are looking into it."))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        failures.addAll(violations("/api/releases/{releaseId}/user-updates", "post", "201", published));
        assertThat(failures).isEmpty();
    }

    private List<String> check(String template, String uri) {
        return violations(template, "get", "200", read(uri));
    }

    private String read(String uri) {
        return client.get().uri(uri).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** The answer checked against its operation's schema, read with the description's components around it. */
    private List<String> violations(String template, String method, String status, String answer) {
        JsonNode declared = description.get("paths").get(template).get(method).get("responses").get(status)
                .get("content").get("application/json").get("schema");
        ObjectNode schema = description.deepCopy();
        schema.setAll((ObjectNode) declared);
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        Schema validator = SCHEMAS.getSchema(schema.toString(), InputFormat.JSON);
        return validator.validate(answer, InputFormat.JSON).stream()
                .map(Error::toString).map(error -> method + " " + template + ": " + error).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> names(JsonNode array) {
        return array.isArray() ? IntStream.range(0, array.size()).mapToObj(i -> array.get(i).asText()).toList()
                : List.of(array.asText());
    }
}
