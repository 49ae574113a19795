package io.aftermath.app.node;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.command.support.Endpoint;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.command.CommandSide;
import io.aftermath.query.QuerySide;
import io.aftermath.shared.node.NodeRole;

/**
 * A command node and a query node on one store. A request sent to the node without the role that
 * serves it is 421 NOT_SERVED_BY_THIS_NODE, naming both roles; before, a write to a query node was
 * 404 "No static resource" (or 405 where the query node reads the same path), a read on a command
 * node likewise. A path that no role serves stays a 404, and a method no role serves at a path is a
 * 405 on either node, as on one running both.
 */
class MisdirectedRequestsTest {

    /** Every read route, with ids that need not exist: the refusal comes before any lookup. */
    private static final List<String> READS = List.of("/api/triage", "/api/triage/stream", "/api/tickets/t-1",
            "/api/releases", "/api/releases/svc@1.0.0", "/api/releases/svc@1.0.0/timeline",
            "/api/releases/svc@1.0.0/timeline/stream", "/api/releases/svc@1.0.0/replay",
            "/api/releases/svc@1.0.0/events", "/api/postmortems", "/api/events", "/api/audit/verify",
            "/api/admin/projections");

    @TempDir
    static Path dir;
    static AppNode command;
    static AppNode query;

    @BeforeAll
    static void start() {
        command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"));
        query = AppNode.start(dir.resolve("query"), AppNode.arguments("--aftermath.roles=query",
                "--aftermath.mongo.uri=mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client())));
    }

    @AfterAll
    static void stop() {
        if (query != null) {
            query.close();
        }
        if (command != null) {
            command.close();
        }
    }

    static List<Endpoint> writes() {
        return Endpoint.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void a_write_sent_to_a_query_node_is_421_naming_the_command_role(Endpoint endpoint) {
        String path = endpoint.unknownPath();

        var problem = assertProblem(post(query.client(), path, endpoint.validBody()), 421, "NOT_SERVED_BY_THIS_NODE");

        assertThat(problem.get("detail")).isEqualTo("This node runs the query role only; POST " + path
                + " is served by command nodes (aftermath.roles=command)");
    }

    @Test
    void an_import_sent_to_a_query_node_is_421() {
        assertProblem(query.client().post().uri("/api/postmortems/import?source=x")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.parseMediaType("text/markdown")).bodyValue("# t").exchange(),
                421, "NOT_SERVED_BY_THIS_NODE");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void a_read_sent_to_a_command_node_is_421_naming_the_query_role(String path) {
        var problem = assertProblem(get(command.client(), path), 421, "NOT_SERVED_BY_THIS_NODE");

        assertThat(problem.get("detail")).isEqualTo("This node runs the command role only; GET " + path
                + " is served by query nodes (aftermath.roles=query)");
    }

    static List<String> reads() {
        return READS;
    }

    @Test
    void a_rebuild_sent_to_a_command_node_is_421() {
        assertProblem(post(command.client(), "/api/admin/projections/triage/rebuild", ""), 421,
                "NOT_SERVED_BY_THIS_NODE");
    }

    /**
     * As on a node running both roles. Before, each node knew only its own methods: DELETE of a ticket
     * was 405 on the query node but 404 on the command node, and no 405 carried {@code Allow}; then Allow
     * left out HEAD and OPTIONS, which every GET path and every path answer (tester 9).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"DELETE /api/tickets/t-1 | GET,HEAD,OPTIONS",
            "GET /api/tickets/t-1/resolve | POST,OPTIONS", "PUT /api/releases | GET,HEAD,POST,OPTIONS",
            "POST /api/triage | GET,HEAD,OPTIONS", "PATCH /api/releases/svc@1.0.0 | GET,HEAD,OPTIONS",
            "DELETE /api/triage/stream | GET,HEAD,OPTIONS", "GET /api/admin/backup | POST,OPTIONS"})
    void a_method_no_role_serves_at_a_served_path_is_405_allowing_every_roles_methods(String request, String allow) {
        String[] parts = request.split(" ");
        for (AppNode node : List.of(command, query)) {
            var response = node.client().method(HttpMethod.valueOf(parts[0])).uri(parts[1])
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange();

            assertProblem(response, 405, "METHOD_NOT_ALLOWED");
            response.expectHeader().value(HttpHeaders.ALLOW, value ->
                    assertThat(Set.of(value.split(","))).as(request).isEqualTo(Set.of(allow.split(","))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /api/nothing", "POST /api/nothing", "POST /api/tickets/t-1/nothing",
            "GET /api/tickets/t-1/nothing", "DELETE /api/nothing"})
    void a_path_no_role_serves_is_404_on_either_node(String request) {
        String[] parts = request.split(" ");
        for (AppNode node : List.of(command, query)) {
            assertProblem(node.client().method(HttpMethod.valueOf(parts[0])).uri(parts[1])
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange(), 404, "NOT_FOUND");
        }
    }

    @Test
    void a_path_no_role_serves_is_a_plain_404() {
        assertProblem(get(query.client(), "/api/nothing"), 404, "NOT_FOUND");
        assertProblem(post(query.client(), "/api/tickets/t-1/nothing", "{}"), 404, "NOT_FOUND");
    }

    /**
     * The backup and the checkpoint are every node's: the command node keeps the store file, the query
     * node has none; either verifies the log.
     */
    @Test
    void what_every_node_serves_is_still_served_on_both() {
        post(command.client(), "/api/admin/backup", "").expectStatus().isCreated();
        assertProblem(post(query.client(), "/api/admin/backup", ""), 409, "BACKUP_NOT_AVAILABLE");
        post(command.client(), "/api/admin/checkpoint", "").expectStatus().isCreated();
        post(query.client(), "/api/admin/checkpoint", "").expectStatus().isCreated();
    }

    /** Before, the query node's 404 was kept under the key and replayed by the command node. */
    @Test
    void a_misdirected_write_leaves_its_idempotency_key_free_for_the_node_that_serves_it() {
        String body = "{\"service\":\"" + Ids.service("misdirected") + "\",\"version\":\"1.0.0\"}";
        String key = "key-" + Ids.service("misdirected");

        assertProblem(post(query.client(), "/api/releases", body, key), 421, "NOT_SERVED_BY_THIS_NODE");

        post(command.client(), "/api/releases", body, key).expectStatus().isCreated()
                .expectHeader().doesNotExist("Idempotent-Replayed");
    }

    /**
     * Before: the query node looked the key up before its role, so once the command node had stored
     * the write's answer it replayed it (201, {@code Idempotent-Replayed}), and refused the key with
     * another body as reused (422).
     */
    @Test
    void a_keyed_write_is_421_on_a_query_node_also_after_it_succeeded_on_a_command_node() {
        String body = "{\"service\":\"" + Ids.service("replayed") + "\",\"version\":\"1.0.0\"}";
        String key = "key-" + Ids.service("replayed");
        post(command.client(), "/api/releases", body, key).expectStatus().isCreated();

        assertProblem(post(query.client(), "/api/releases", body, key)
                .expectHeader().doesNotExist("Idempotent-Replayed"), 421, "NOT_SERVED_BY_THIS_NODE");
        assertProblem(post(query.client(), "/api/releases", body.replace("1.0.0", "2.0.0"), key), 421,
                "NOT_SERVED_BY_THIS_NODE");
        post(command.client(), "/api/releases", body, key).expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true");
    }

    /**
     * The routes read from the sides' controllers are the ones each node serves: a node serves its
     * role's routes and those every node serves (the backup), nothing of the other role's.
     */
    @Test
    void the_routes_read_from_the_controllers_are_the_ones_the_nodes_serve() {
        RoleRoutes routes = RoleRoutes.of(CommandSide.class, QuerySide.class);
        Set<String> onCommand = served(command);
        Set<String> onQuery = served(query);
        Set<String> onEvery = new TreeSet<>(onCommand);
        onEvery.retainAll(onQuery);

        assertThat(onEvery).containsExactly("POST /api/admin/backup", "POST /api/admin/checkpoint");
        assertThat(onCommand).isEqualTo(union(routes.describe(NodeRole.COMMAND), onEvery));
        assertThat(onQuery).isEqualTo(union(routes.describe(NodeRole.QUERY), onEvery));
    }

    private static Set<String> served(AppNode node) {
        Set<String> served = new TreeSet<>();
        node.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().keySet()
                .forEach(info -> RoleRoutes.describe(info).stream().filter(route -> route.contains(" /api/"))
                        .forEach(served::add));
        return served;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }

    private static WebTestClient.ResponseSpec get(WebTestClient client, String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String json) {
        return client.post().uri(path).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String json, String key) {
        return client.post().uri(path).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }
}
