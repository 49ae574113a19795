package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.aftermath.app.support.AftermathHttpTest;

/** {@code /v3/api-docs} tells what the endpoints really answer: statuses, problems and headers. */
@AftermathHttpTest
class ApiDescriptionTest {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String BACKUP = "/api/admin/backup";
    private static final String CHECKPOINT = "/api/admin/checkpoint";

    @Autowired
    WebTestClient client;

    private DocumentContext api;

    @BeforeEach
    void fetch() {
        String json = client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        api = JsonPath.parse(json);
    }

    @Test
    void the_description_has_the_info_openapi_requires() {
        assertThat(api.read("$.info.title", String.class)).isEqualTo("Aftermath");
        assertThat(api.read("$.info.version", String.class)).isNotBlank();
    }

    @Test
    void every_api_operation_names_the_roles_that_may_call_it() {
        Map<String, Map<String, Map<String, Object>>> paths = api.read("$.paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (path.startsWith("/api/")) {
                assertThat(operation).as(method + " " + path).containsKey("x-roles");
                assertThat((String) operation.get("description")).as(method + " " + path).contains("Roles: ");
            }
        }));
        assertThat(api.read(operation("/api/events", "get") + "['x-roles']", List.class))
                .containsExactly("AUDITOR", "ADMIN");
        assertThat(api.read(operation("/api/releases/{releaseId}/events", "get") + "['x-roles']", List.class))
                .containsExactly("AUDITOR", "ADMIN");
        assertThat(api.read(operation("/api/admin/backup", "post") + "['x-roles']", List.class)).containsExactly("ADMIN");
        assertThat(api.read(operation("/api/admin/checkpoint", "post") + "['x-roles']", List.class)).containsExactly("ADMIN");
    }

    @Test
    void writes_that_create_answer_201_and_a_rebuild_202_not_200() {
        assertThat(statuses("/api/tickets", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/releases", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/releases/{releaseId}/lessons", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/releases/{releaseId}/action-items", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/releases/{releaseId}/user-updates", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/admin/backup", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/admin/checkpoint", "post")).contains("201").doesNotContain("200");
        assertThat(statuses("/api/admin/projections/{name}/rebuild", "post")).contains("202").doesNotContain("200");
        assertThat(statuses("/api/tickets/{ticketId}/resolve", "post")).contains("200");
        assertThat(api.read(response("/api/tickets", "post", "201") + ".content['application/json'].schema['$ref']",
                String.class)).isEqualTo("#/components/schemas/Reported");
    }

    @Test
    void a_write_documents_its_refusals_as_problem_json() {
        for (String status : List.of("400", "401", "403", "409", "413", "415", "422", "503")) {
            assertThat(problemRef("/api/tickets", "post", status)).as(status).isEqualTo(PROBLEM_REF);
        }
        assertThat(problemRef("/api/tickets/{ticketId}/assign", "post", "404")).isEqualTo(PROBLEM_REF);
        assertThat(statuses("/api/tickets", "post")).as("a new ticket is named by no path").doesNotContain("404");
    }

    /** A body's size and coding are checked before the operation is known: a read that ignores one is refused it. */
    @Test
    void an_operation_that_takes_no_body_says_why_it_answers_413_and_415() {
        for (String status : List.of("413", "415")) {
            assertThat(problemRef("/api/triage", "get", status)).as(status).isEqualTo(PROBLEM_REF);
            assertThat(api.read(response("/api/triage", "get", status) + ".description", String.class)).as(status)
                    .contains("reads no body and ignores one sent");
            assertThat(api.read(response("/api/tickets", "post", status) + ".description", String.class)).as(status)
                    .doesNotContain("reads no body");
        }
        assertThat(api.read(response("/api/triage", "get", "413") + ".description", String.class))
                .contains("aftermath.web.max-body-size");
        assertThat(headers("/api/triage", "get", "415")).contains("Accept-Encoding");
    }

    @Test
    void a_read_documents_200_and_its_refusals_but_no_write_conflicts() {
        assertThat(statuses("/api/triage", "get")).contains("200", "400", "401", "403", "503")
                .doesNotContain("409", "422");
        assertThat(problemRef("/api/triage", "get", "400")).isEqualTo(PROBLEM_REF);
        assertThat(statuses("/api/postmortems", "get")).contains("200", "400").doesNotContain("404", "409");
        for (String triage : List.of("/api/triage", "/api/triage/stream")) {
            assertThat(problemRef(triage, "get", "404")).as("an unknown releaseId").isEqualTo(PROBLEM_REF);
        }
        assertThat(problemRef("/api/tickets/{ticketId}", "get", "404")).isEqualTo(PROBLEM_REF);
        assertThat(problemRef("/api/postmortems/{id}", "get", "404")).isEqualTo(PROBLEM_REF);
        assertThat(api.read(response("/api/postmortems/{id}", "get", "404") + ".description", String.class))
                .contains("POSTMORTEM_NOT_FOUND");
        assertThat(headers("/api/postmortems/{id}", "get", "404")).as("what was asked may lie beyond the position")
                .contains("X-Aftermath-Read-Position", "X-Aftermath-Stale");
        assertThat(api.read(response("/api/postmortems/{id}", "get", "200")
                + ".content['application/json'].schema['$ref']", String.class))
                .isEqualTo("#/components/schemas/PostmortemView");
        assertThat(statuses("/api/audit/verify", "get")).contains("200", "404");
        assertThat(problemRef("/api/audit/verify", "get", "404")).isEqualTo(PROBLEM_REF);
        assertThat(statuses("/api/admin/projections", "get")).as("takes no input").doesNotContain("400");
    }

    @Test
    void an_operation_one_role_serves_documents_421_for_a_node_without_that_role() {
        Map<String, Map<String, Object>> paths = api.read("$.paths");
        paths.forEach((path, operations) -> operations.keySet().stream().filter(method -> !path.equals(BACKUP) && !path.equals(CHECKPOINT))
                .forEach(method -> assertThat(problemRef(path, method, "421")).as(method + " " + path)
                        .isEqualTo(PROBLEM_REF)));
        assertThat(api.read(response("/api/tickets", "post", "421") + ".description", String.class))
                .startsWith("Misdirected Request").contains("NOT_SERVED_BY_THIS_NODE");
        assertThat(headers("/api/tickets", "post", "421")).as("a misdirected write keeps its key free")
                .contains("X-Correlation-Id").doesNotContain("Idempotent-Replayed");
        assertThat(statuses(BACKUP, "post")).as("every node serves it").doesNotContain("421");
        assertThat(statuses(CHECKPOINT, "post")).as("every node serves it").doesNotContain("421");
    }

    @Test
    void a_method_no_operation_at_a_path_takes_is_described_as_405_with_allow() {
        String response = "$.components.responses.MethodNotAllowed";

        assertThat(api.read(response + ".content['application/problem+json'].schema['$ref']", String.class))
                .isEqualTo(PROBLEM_REF);
        Map<String, Object> headers = api.read(response + ".headers");
        assertThat(headers).containsKeys("Allow", "X-Correlation-Id");
        assertThat(api.read(response + ".description", String.class)).contains("METHOD_NOT_ALLOWED");
    }

    @Test
    void a_method_no_path_takes_is_described_as_501() {
        String response = "$.components.responses.MethodNotImplemented";

        assertThat(api.read(response + ".content['application/problem+json'].schema['$ref']", String.class))
                .isEqualTo(PROBLEM_REF);
        Map<String, Object> headers = api.read(response + ".headers");
        assertThat(headers).containsKeys("X-Correlation-Id");
        assertThat(api.read(response + ".description", String.class)).contains("METHOD_NOT_IMPLEMENTED");
    }

    @Test
    void a_refused_body_says_which_content_coding_to_send() {
        assertThat(headers("/api/tickets", "post", "415")).contains("Accept-Encoding", "X-Correlation-Id")
                .doesNotContain("Idempotent-Replayed");
        assertThat(api.read("$.components.headers['Accept-Encoding'].description", String.class))
                .contains("identity", "UNSUPPORTED_CONTENT_ENCODING");
    }

    @Test
    void the_problem_schema_names_every_member_a_problem_carries() {
        Map<String, Object> properties = api.read("$.components.schemas.Problem.properties");
        assertThat(properties).containsKeys("type", "title", "status", "detail", "instance", "code",
                "correlationId", "errors");
        assertThat(api.read("$.components.schemas.Problem.properties.code.enum", List.class))
                .contains("VALIDATION_FAILED", "TICKET_NOT_FOUND", "IDEMPOTENCY_KEY_REUSED", "OVERLOADED");
        assertThat(api.read("$.components.schemas.Problem.properties.errors.items['$ref']", String.class))
                .isEqualTo("#/components/schemas/FieldProblem");
        Map<String, Object> field = api.read("$.components.schemas.FieldProblem.properties");
        assertThat(field).containsOnlyKeys("field", "message");
    }

    @Test
    void writes_take_an_idempotency_key_and_every_operation_a_correlation_id() {
        fetch();
        assertThat(parameterRefs("/api/tickets", "post")).as("also when asked twice").doesNotHaveDuplicates()
                .contains("#/components/parameters/Idempotency-Key", "#/components/parameters/X-Correlation-Id");
        assertThat(parameterRefs("/api/triage", "get")).contains("#/components/parameters/X-Correlation-Id")
                .doesNotContain("#/components/parameters/Idempotency-Key");
        assertThat(api.read("$.components.parameters['Idempotency-Key']", Map.class))
                .containsEntry("name", "Idempotency-Key").containsEntry("in", "header");
        assertThat(api.read("$.components.parameters['X-Correlation-Id']", Map.class))
                .containsEntry("name", "X-Correlation-Id").containsEntry("in", "header");
    }

    @Test
    void answers_declare_the_headers_they_carry() {
        assertThat(headers("/api/tickets", "post", "201"))
                .contains("Location", "X-Aftermath-Position", "X-Correlation-Id", "Idempotent-Replayed");
        assertThat(headers("/api/tickets", "post", "422")).as("a decided refusal is kept and replayed")
                .contains("X-Correlation-Id", "Idempotent-Replayed");
        assertThat(headers("/api/tickets", "post", "400")).as("bad input keeps nothing, so is never replayed")
                .contains("X-Correlation-Id").doesNotContain("Idempotent-Replayed");
        assertThat(headers("/api/triage", "get", "200")).contains("X-Aftermath-Read-Position", "X-Correlation-Id")
                .doesNotContain("Idempotent-Replayed", "X-Aftermath-Position");
        assertThat(headers("/api/events", "get", "200")).contains("X-Aftermath-Next", "X-Aftermath-Gap");
        // Tester 20: both carry Retry-After, and neither is kept for a replay.
        for (String status : List.of("429", "503")) {
            assertThat(headers("/api/tickets", "post", status)).as(status).contains("Retry-After")
                    .doesNotContain("Idempotent-Replayed");
        }
        // Tester 60: a write's 409 may be IDEMPOTENCY_KEY_IN_PROGRESS, sent with Retry-After.
        assertThat(headers("/api/tickets", "post", "409")).contains("Retry-After");
    }

    @Test
    void a_replay_documents_the_log_missing_a_commit_and_the_release_it_may_not_find() {
        String replay = "/api/releases/{releaseId}/replay";
        assertThat(statuses(replay, "get")).contains("200", "400", "404", "500");
        assertThat(problemRef(replay, "get", "500")).isEqualTo(PROBLEM_REF);
        assertThat(api.read(response(replay, "get", "500") + ".description", String.class))
                .contains("INTERNAL", "LEDGER_INCOMPLETE", "/api/audit/verify");
        assertThat(api.read(response(replay, "get", "404") + ".description", String.class))
                .contains("RELEASE_NOT_FOUND");
    }

    @Test
    void a_releases_events_document_the_cut_and_the_refusals_of_the_replay() {
        String events = "/api/releases/{releaseId}/events";
        assertThat(statuses(events, "get")).contains("200", "400", "404", "500");
        for (String status : List.of("400", "404", "500")) {
            assertThat(problemRef(events, "get", status)).as(status).isEqualTo(PROBLEM_REF);
        }
        assertThat(api.read(response(events, "get", "500") + ".description", String.class))
                .contains("INTERNAL", "LEDGER_INCOMPLETE", "/api/audit/verify");
        assertThat(api.read(response(events, "get", "404") + ".description", String.class))
                .contains("RELEASE_NOT_FOUND");
        assertThat(headers(events, "get", "200")).contains("X-Aftermath-End", "X-Aftermath-Next");
        assertThat(api.read(response(events, "get", "200") + ".content", Map.class)).containsOnlyKeys(
                "application/x-ndjson");
        assertThat(query(events, "at")).isEqualTo(query("/api/releases/{releaseId}/replay", "at"));
        assertThat(query(events, "position")).isEqualTo(query("/api/releases/{releaseId}/replay", "position"));
        assertThat(query(events, "from")).containsKey("description");
        assertThat(query(events, "canonical")).containsKey("description");
    }

    @Test
    void writes_to_an_existing_ticket_or_release_take_if_match_answer_412_and_an_etag() {
        fetch();
        for (String path : List.of("/api/tickets/{ticketId}/prioritise", "/api/tickets/{ticketId}/assign",
                "/api/tickets/{ticketId}/mark-duplicate", "/api/tickets/{ticketId}/resolve",
                "/api/tickets/{ticketId}/reopen", "/api/releases/{releaseId}/user-updates",
                "/api/releases/{releaseId}/lessons", "/api/releases/{releaseId}/action-items",
                "/api/releases/{releaseId}/action-items/{actionItemId}/complete",
                "/api/releases/{releaseId}/close-retrospective")) {
            assertThat(parameterRefs(path, "post")).as(path + ", also when asked twice").doesNotHaveDuplicates()
                    .contains("#/components/parameters/If-Match");
            assertThat(problemRef(path, "post", "412")).as(path).isEqualTo(PROBLEM_REF);
            String success = statuses(path, "post").contains("201") ? "201" : "200";
            assertThat(headers(path, "post", success)).as(path).contains("ETag");
        }
        assertThat(api.read(operation("/api/tickets/{ticketId}/prioritise", "post")
                + ".parameters[?(@.name == 'If-Match')]", List.class)).as("described once, by reference").isEmpty();
        assertThat(api.read("$.components.parameters['If-Match']", Map.class))
                .containsEntry("name", "If-Match").containsEntry("in", "header");
        assertThat(statuses("/api/tickets", "post")).as("a creation is unconditional").doesNotContain("412");
        assertThat(headers("/api/tickets/{ticketId}", "get", "200")).contains("ETag", "X-Aftermath-Read-Position");
        assertThat(headers("/api/releases/{releaseId}", "get", "200")).contains("ETag");
    }

    @Test
    void a_creation_answers_the_new_ticket_or_release_version_as_etag() {
        assertThat(headers("/api/tickets", "post", "201")).contains("ETag", "Location");
        assertThat(headers("/api/releases", "post", "201")).contains("ETag", "Location");
    }

    @Test
    void a_stream_describes_its_event_ids_and_takes_the_last_event_id_as_a_position() {
        for (String path : List.of("/api/triage/stream", "/api/releases/{releaseId}/timeline/stream")) {
            assertThat(api.read(response(path, "get", "200") + ".description", String.class)).as(path)
                    .contains("as id");
            List<Map<String, Object>> lastEventId = api.read(operation(path, "get")
                    + ".parameters[?(@.name == 'Last-Event-ID')]");
            assertThat(lastEventId).as(path).singleElement()
                    .satisfies(parameter -> assertThat(parameter).containsEntry("in", "header")
                            .containsEntry("schema", Map.of("type", "integer", "format", "int64", "minimum", 0)));
            assertThat(headers(path, "get", "200")).as(path).contains("X-Aftermath-Stale");
        }
    }

    @Test
    void the_search_takes_tag_once_as_a_list() {
        List<Map<String, Object>> tag = api.read(operation("/api/postmortems", "get")
                + ".parameters[?(@.name == 'tag')]");
        assertThat(tag).singleElement().satisfies(parameter -> assertThat(parameter).containsEntry("in", "query")
                .containsEntry("schema", Map.of("type", "array", "items", Map.of("type", "string"))));
    }

    @Test
    void the_search_takes_release_id_saying_an_unknown_release_finds_nothing() {
        List<Map<String, Object>> releaseId = api.read(operation("/api/postmortems", "get")
                + ".parameters[?(@.name == 'releaseId')]");
        assertThat(releaseId).singleElement().satisfies(parameter -> assertThat(parameter).containsEntry("in", "query")
                .containsEntry("schema", Map.of("type", "array", "items", Map.of("type", "string"))))
                .satisfies(parameter -> assertThat((String) parameter.get("description")).contains("not 404"));
    }

    @Test
    void the_searchs_repeatable_filters_are_arrays() {
        for (String name : List.of("service", "releaseId", "tag")) {
            assertThat(query("/api/postmortems", name)).as(name).containsEntry("schema",
                    Map.of("type", "array", "items", Map.of("type", "string")));
            assertThat((String) query("/api/postmortems", name).get("description")).as(name).contains("repeated");
        }
        assertThat(query("/api/postmortems", "severity")).containsEntry("schema", Map.of("type", "array",
                "items", Map.of("type", "string", "enum", List.of("S1", "S2", "S3", "S4"))));
    }

    @Test
    void the_triage_queue_and_its_stream_describe_their_filters_and_the_queue_its_offset() {
        for (String path : List.of("/api/triage", "/api/triage/stream")) {
            assertThat(query(path, "status")).as(path).containsEntry("schema", Map.of("type", "array",
                    "items", Map.of("type", "string", "enum", List.of("REPORTED", "TRIAGED", "IN_PROGRESS", "REOPENED"))));
            assertThat(query(path, "priority")).as(path).containsEntry("schema", Map.of("type", "array",
                    "items", Map.of("type", "string", "enum", List.of("P1", "P2", "P3", "P4", "none"))));
            assertThat(query(path, "assignee")).as(path).containsEntry("schema", Map.of("type", "array",
                    "items", Map.of("type", "string")));
            assertThat((String) query(path, "assignee").get("description")).as(path).contains("assignee=)");
            assertThat(query(path, "regression")).as(path).containsEntry("schema", Map.of("type", "boolean"));
            assertThat((String) query(path, "releaseId").get("description")).as(path)
                    .contains("400 VALIDATION_FAILED", "404 RELEASE_NOT_FOUND");
        }
        assertThat(query("/api/triage", "offset")).containsEntry("schema",
                Map.of("type", "integer", "format", "int32", "minimum", 0, "maximum", 10000));
        assertThat(api.read(operation("/api/triage/stream", "get") + ".parameters[?(@.name == 'offset')]", List.class))
                .isEmpty();
    }

    @Test
    void every_operation_has_a_summary_and_every_query_parameter_a_description() {
        Map<String, Map<String, Map<String, Object>>> paths = api.read("$.paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            assertThat((String) operation.get("summary")).as(method + " " + path).isNotBlank();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters",
                    List.of());
            parameters.stream().filter(parameter -> "query".equals(parameter.get("in"))).forEach(parameter ->
                    assertThat((String) parameter.get("description")).as(method + " " + path + " " + parameter.get("name"))
                            .isNotBlank());
        }));
    }

    @Test
    void the_import_is_summarised_for_every_content_type_it_takes() {
        assertThat(api.read(operation("/api/postmortems/import", "post") + ".summary", String.class))
                .as("one operation for three handlers").contains("Markdown", "NDJSON", "files");
    }

    @Test
    void instants_in_a_query_are_date_times_or_days_and_say_how_to_send_a_plus() {
        Map<String, Object> at = query("/api/releases/{releaseId}/replay", "at");
        assertThat(at).containsEntry("schema", Map.of("type", "string", "format", "date-time"));
        assertThat((String) at.get("description")).contains("%2B");
        for (String name : List.of("from", "to")) {
            Map<String, Object> bound = query("/api/postmortems", name);
            assertThat(bound).as("an instant or a day").containsEntry("schema", Map.of("type", "string"));
            assertThat((String) bound.get("description")).as(name).contains("%2B", "day");
        }
    }

    private Map<String, Object> query(String path, String name) {
        List<Map<String, Object>> parameters = api.read(operation(path, "get")
                + ".parameters[?(@.name == '" + name + "')]");
        assertThat(parameters).as(path + " " + name).singleElement()
                .satisfies(parameter -> assertThat(parameter).containsEntry("in", "query"));
        return parameters.get(0);
    }

    private List<String> statuses(String path, String method) {
        Map<String, Object> responses = api.read(operation(path, method) + ".responses");
        return List.copyOf(responses.keySet());
    }

    private String problemRef(String path, String method, String status) {
        return api.read(response(path, method, status) + ".content['application/problem+json'].schema['$ref']");
    }

    private List<String> headers(String path, String method, String status) {
        Map<String, Object> headers = api.read(response(path, method, status) + ".headers");
        return List.copyOf(headers.keySet());
    }

    private List<String> parameterRefs(String path, String method) {
        return api.read(operation(path, method) + ".parameters[*]['$ref']");
    }

    private static String response(String path, String method, String status) {
        return operation(path, method) + ".responses['" + status + "']";
    }

    private static String operation(String path, String method) {
        return "$.paths['" + path + "']." + method;
    }
}
