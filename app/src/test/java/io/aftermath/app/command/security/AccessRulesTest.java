package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.jayway.jsonpath.JsonPath;

import io.aftermath.app.command.support.Endpoint;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * The role table, endpoint by endpoint and role by role. An allowed role is let through to validation
 * (an empty body is then 400, or 404 for an unknown path id), so passing never appends anything.
 */
@AftermathHttpTest
class AccessRulesTest {

    private static final List<String> ROLES = List.of(TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER,
            TestUsers.AUDITOR, TestUsers.ADMIN);

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;

    static Stream<Arguments> endpointsAndRoles() {
        return Endpoint.ALL.stream().flatMap(endpoint -> ROLES.stream().map(role -> Arguments.of(endpoint, role)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("endpointsAndRoles")
    void each_write_is_open_to_its_roles_and_admin_and_forbidden_to_the_others(Endpoint endpoint, String role) {
        LedgerHead head = LedgerHead.remember(ledger);
        WebTestClient.ResponseSpec response = post(endpoint.unknownPath(), role, TestUsers.PASSWORD);

        if (endpoint.allowed().contains(role) || role.equals(TestUsers.ADMIN)) {
            int status = response.returnResult(Void.class).getStatus().value();
            assertThat(status).isIn(400, 404);
        } else {
            assertProblem(response, 403, "FORBIDDEN");
        }
        head.assertUnchanged();
    }

    /** The API description names each operation's roles from the same table: it must say what the test above finds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void the_roles_the_api_description_names_are_those_let_through(Endpoint endpoint) {
        String description = client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String path = endpoint.template().replace("{ticket}", "{ticketId}").replace("{release}", "{releaseId}")
                .replace("{item}", "{actionItemId}");
        List<String> described = JsonPath.parse(description).read("$.paths['" + path + "'].post['x-roles']");
        Set<String> allowed = new HashSet<>(endpoint.allowed());
        allowed.add(TestUsers.ADMIN);

        assertThat(described).extracting(role -> role.toLowerCase(Locale.ROOT)).containsExactlyInAnyOrderElementsOf(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void a_write_without_credentials_is_401_with_a_basic_challenge(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);

        WebTestClient.ResponseSpec response = client.post().uri(endpoint.unknownPath())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(endpoint.validBody()).exchange();

        response.expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"aftermath\"");
        assertProblem(response, 401, "UNAUTHENTICATED");
        head.assertUnchanged();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void a_write_with_a_wrong_password_is_401(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(post(endpoint.unknownPath(), TestUsers.ADMIN, "not-the-password"), 401, "UNAUTHENTICATED");

        head.assertUnchanged();
    }

    /** Tester 152: two Authorization headers, and the first acted; which one comes first a proxy may change. */
    @Test
    void credentials_given_twice_are_refused_and_nothing_is_written() {
        LedgerHead head = LedgerHead.remember(ledger);
        String admin = HttpHeaders.encodeBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD, null);
        String reporter = HttpHeaders.encodeBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD, null);

        for (List<String> given : List.of(List.of("Basic " + admin, "Basic " + reporter),
                List.of("Basic " + admin + ", Basic " + reporter))) {
            assertThat(assertProblem(client.post().uri("/api/releases")
                    .headers(h -> h.put(HttpHeaders.AUTHORIZATION, given))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"service\":\"twice\",\"version\":\"1.0\"}")
                    .exchange(), 400, "VALIDATION_FAILED").get("detail")).asString()
                    .contains("Authorization more than once");
        }

        head.assertUnchanged();
    }

    /** Tester 20: an empty user name (curl -u ":") was a 500 with an ERROR stack, on every path, to anyone. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/releases", "/actuator/health", "/v3/api-docs"})
    void an_empty_user_name_is_401_like_any_credentials_that_do_not_check_out(String path) {
        WebTestClient.ResponseSpec response = client.get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Basic Og==").exchange();

        assertProblem(response, 401, "UNAUTHENTICATED");
    }

    static List<Endpoint> endpoints() {
        return Endpoint.ALL;
    }

    /** Before, every role but ADMIN got 403 here, as if it lacked a role, where the README promises 405. */
    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER, TestUsers.AUDITOR})
    void a_method_no_endpoint_takes_is_405_and_a_path_none_serves_404_to_every_role(String role) {
        LedgerHead head = LedgerHead.remember(ledger);

        WebTestClient.ResponseSpec put = client.put().uri("/api/releases")
                .headers(h -> h.setBasicAuth(role, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
        assertProblem(put, 405, "METHOD_NOT_ALLOWED");
        put.expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("GET", "POST"));
        assertProblem(post("/api/tickets/t-1/nothing", role, TestUsers.PASSWORD), 404, "NOT_FOUND");
        client.options().uri("/api/tickets/t-1/assign").headers(h -> h.setBasicAuth(role, TestUsers.PASSWORD))
                .exchange().expectStatus().isOk().expectHeader().value(HttpHeaders.ALLOW,
                        allow -> assertThat(allow).contains("POST"));
        assertProblem(client.put().uri("/api/releases").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange(), 401, "UNAUTHENTICATED");
        head.assertUnchanged();
    }

    /** Left open by the twenty-first session: another origin's preflight got WebFlux's bare 403, no problem saying why. */
    @Test
    void a_browsers_preflight_from_another_origin_is_a_problem_that_says_no_cors_headers_are_sent() {
        for (String path : List.of("/api/tickets", "/api/triage")) {
            WebTestClient.ResponseSpec preflight = client.options().uri(path)
                    .header(HttpHeaders.ORIGIN, "https://dashboard.example")
                    .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                    .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, authorization").exchange();
            assertThat(assertProblem(preflight, 403, "CROSS_ORIGIN_REQUEST").get("detail").toString())
                    .contains("no CORS headers");
            preflight.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        }
    }

    @Test
    void an_unknown_user_is_401() {
        assertProblem(post("/api/tickets", "mallory", TestUsers.PASSWORD), 401, "UNAUTHENTICATED");
    }

    @Test
    void importing_post_mortems_is_for_responders_and_admins() {
        assertProblem(post("/api/postmortems/import", TestUsers.AUDITOR, TestUsers.PASSWORD), 403, "FORBIDDEN");
        assertProblem(post("/api/postmortems/import", TestUsers.TRIAGER, TestUsers.PASSWORD), 403, "FORBIDDEN");
        assertThat(post("/api/postmortems/import", TestUsers.RESPONDER, TestUsers.PASSWORD)
                .returnResult(Void.class).getStatus()).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER, TestUsers.AUDITOR})
    void admin_writes_are_for_admins_only(String role) {
        assertProblem(post("/api/admin/projections/triage/rebuild", role, TestUsers.PASSWORD), 403, "FORBIDDEN");
        assertProblem(post("/api/admin/backup", role, TestUsers.PASSWORD), 403, "FORBIDDEN");
    }

    /** ARCHITECTURE: an auditor reads everything; before, the projections' state was ADMIN's alone. */
    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER})
    void the_projections_state_is_read_by_auditors_and_admins(String role) {
        assertProblem(get("/api/admin/projections", role), 403, "FORBIDDEN");
        for (String allowed : List.of(TestUsers.AUDITOR, TestUsers.ADMIN)) {
            assertThat(get("/api/admin/projections", allowed).returnResult(Void.class).getStatus())
                    .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER})
    void the_event_export_and_the_audit_are_for_auditors_and_admins(String role) {
        assertProblem(get("/api/events", role), 403, "FORBIDDEN");
        assertProblem(get("/api/audit/verify", role), 403, "FORBIDDEN");
        for (String allowed : List.of(TestUsers.AUDITOR, TestUsers.ADMIN)) {
            assertThat(get("/api/events", allowed).returnResult(Void.class).getStatus())
                    .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        }
    }

    /** Before, any role's HEAD ran them and answered their headers: the log's head, whether a release is there. */
    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER})
    void a_head_of_the_event_export_and_the_audit_is_for_auditors_and_admins_too(String role) {
        for (String path : List.of("/api/events", "/api/audit/verify", "/api/releases/svc@1.0.0/events")) {
            head(path, role).expectStatus().isForbidden();
        }
        for (String allowed : List.of(TestUsers.AUDITOR, TestUsers.ADMIN)) {
            head("/api/events", allowed).expectStatus().isOk();
        }
        head("/api/releases", role).expectStatus().isOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER, TestUsers.AUDITOR,
            TestUsers.ADMIN})
    void every_role_reads(String role) {
        assertThat(get("/api/releases", role).returnResult(Void.class).getStatus())
                .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
    }

    @Test
    void reads_need_credentials() {
        assertProblem(client.get().uri("/api/releases").exchange(), 401, "UNAUTHENTICATED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/prometheus", "/v3/api-docs"})
    void health_metrics_and_the_api_description_are_open(String path) {
        client.get().uri(path).exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec post(String path, String user, String password) {
        return client.post().uri(path)
                .headers(h -> h.setBasicAuth(user, password))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    private WebTestClient.ResponseSpec get(String path, String user) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).exchange();
    }

    private WebTestClient.ResponseSpec head(String path, String user) {
        return client.head().uri(path).headers(h -> h.setBasicAuth(user, TestUsers.PASSWORD)).exchange();
    }
}
