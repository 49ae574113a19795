package io.aftermath.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.TestUsers;
import io.aftermath.query.admin.ProjectionStatus;
import io.aftermath.query.projection.ProjectionNames;
import io.aftermath.shared.ledger.LedgerSchema;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import io.aftermath.shared.query.TriageQueue;

/**
 * The scale-out of the README: a command node holding the store and query nodes reaching it over the
 * wire, as they would reach a MongoDB. Each shared projection runs on exactly one query node (the
 * fenced token claim decides which), the projections are divided among the query nodes (a node running
 * them all hands half over to one that joins), every node serves everything written, and when a node
 * stops, or dies in its own JVM, another takes its projections over, the latter only once its claims expire.
 */
class ScaleOutTest {

    private static final List<String> SHARED = ProjectionNames.SHARED;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void query_nodes_split_the_projections_serve_every_write_and_take_over_from_a_stopped_node() {
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"))) {
            String uri = "mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client());
            List<AppNode> queryNodes = new ArrayList<>();
            try {
                queryNodes.add(startQueryNode(uri, "query-1"));
                // Alone, the first node runs every shared projection; the second's arrival makes it hand half over.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(localProjections(queryNodes.get(0).client())).hasSameSizeAs(SHARED));
                queryNodes.add(startQueryNode(uri, "query-2"));
                Writes writes = writes(command);
                String release = writes.release("checkout", "4.0");
                for (int i = 0; i < 12; i++) {
                    writes.report(release, "Card declined " + i);
                }

                long written = writes.position();
                // Held for seconds, past several claim rounds: a node able to take a claimed segment would
                // take it within one (the processors try every second), and a node over its share would hand one
                // over within one of its counting rounds.
                await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(4))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertEachSharedProjectionRunsOnOneNodeTwoEach(
                                queryNodes.stream().map(AppNode::client).toList()));
                for (AppNode node : queryNodes) {
                    assertServes(node, release, written, 12);
                }
                assertEveryNodeNamesTheOwnerAndOnlyItRebuilds(queryNodes);

                AppNode stopped = queryNodes.get(0);
                queryNodes.remove(stopped);
                stopped.close();
                AppNode survivor = queryNodes.get(0);
                for (int i = 12; i < 15; i++) {
                    writes.report(release, "Card declined " + i);
                }

                long later = writes.position();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(localProjections(survivor.client())).containsExactlyInAnyOrderElementsOf(SHARED));
                assertServes(survivor, release, later, 15);
            } finally {
                queryNodes.forEach(AppNode::close);
            }
        }
    }

    @Test
    void a_query_node_in_its_own_jvm_hands_half_over_to_a_node_that_joins_and_when_killed_keeps_the_rest_until_its_claims_expire()
            throws Exception {
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"))) {
            String uri = "mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client());
            MongoClient mongo = MongoClients.create(uri);
            MongoCollection<Document> tokens = mongo.getDatabase("aftermath").getCollection(LedgerSchema.TOKENS);
            Process doomed = startQueryProcess(uri, "doomed");
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                        ownedBy(claims(tokens), "doomed").size() == SHARED.size());
                Writes writes = writes(command);
                String release = writes.release("cart", "7.0");
                for (int i = 0; i < 5; i++) {
                    writes.report(release, "Basket empties " + i);
                }

                try (AppNode survivor = startQueryNode(uri, "survivor")) {
                    await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(3))
                            .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                                assertThat(ownedBy(claims(tokens), "doomed")).hasSize(SHARED.size() / 2);
                                assertThat(localProjections(survivor.client())).hasSize(SHARED.size() / 2);
                            });
                    List<String> doomedRuns = ownedBy(claims(tokens), "doomed");

                    doomed.toHandle().destroyForcibly();
                    assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    Map<String, Claim> lastClaims = claims(tokens);
                    for (int i = 5; i < 8; i++) {
                        writes.report(release, "Basket empties " + i);
                    }

                    Map<String, Instant> takenOver = new HashMap<>();
                    // Polled faster than claims are extended, so the first claim seen is the takeover itself.
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        claims(tokens).forEach((name, claim) -> {
                            if (doomedRuns.contains(name) && claim.owner().equals("survivor")) {
                                takenOver.putIfAbsent(name, claim.at());
                            }
                        });
                        return takenOver.keySet().containsAll(doomedRuns);
                    });
                    for (String name : doomedRuns) {
                        assertThat(takenOver.get(name))
                                .as("%s taken over only once the dead node's claim expired", name)
                                .isAfterOrEqualTo(lastClaims.get(name).at().plus(CLAIM_TIMEOUT));
                    }
                    assertThat(localProjections(survivor.client())).containsExactlyInAnyOrderElementsOf(SHARED);
                    assertServes(survivor, release, writes.position(), 8);
                }
            } finally {
                doomed.destroyForcibly();
                mongo.close();
            }
        }
    }

    /** Tester 151: a node refused on a port in use was counted for a claim timeout, and a projection handed to it. */
    @Test
    void a_query_node_whose_start_is_refused_is_not_counted_among_the_query_nodes() throws Exception {
        try (AppNode command = AppNode.start(dir.resolve("command"), AppNode.arguments("--aftermath.roles=command"));
             ServerSocket taken = new ServerSocket(0)) {
            String uri = "mongodb://127.0.0.1:" + AppNode.embeddedPort(command.client());
            List<String> arguments = AppNode.arguments("--server.port=" + taken.getLocalPort(),
                    "--aftermath.roles=query", "--aftermath.mongo.uri=" + uri, "--aftermath.node-id=refused",
                    "--aftermath.data-dir=" + dir.resolve("refused"));
            Process refused = AppNode.inOwnJvm(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                assertThat(refused.waitFor(120, TimeUnit.SECONDS)).as("ended by itself").isTrue();
                assertThat(refused.exitValue()).isNotZero();
            } finally {
                refused.destroyForcibly();
            }

            try (MongoClient mongo = MongoClients.create(uri)) {
                assertThat(mongo.getDatabase("aftermath").getCollection("query_nodes")
                        .countDocuments(Filters.eq("node", "refused"))).isZero();
            }
        }
    }

    private AppNode startQueryNode(String uri, String name) {
        return AppNode.start(dir.resolve(name), AppNode.arguments("--aftermath.roles=query",
                "--aftermath.mongo.uri=" + uri, "--aftermath.node-id=" + name,
                "--aftermath.ledger.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s"));
    }

    private Process startQueryProcess(String uri, String nodeId) throws Exception {
        List<String> arguments = AppNode.arguments("--server.port=0", "--spring.main.banner-mode=off",
                "--aftermath.roles=query", "--aftermath.mongo.uri=" + uri, "--aftermath.node-id=" + nodeId,
                "--aftermath.ledger.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s",
                "--aftermath.data-dir=" + dir.resolve(nodeId));
        return AppNode.inOwnJvm(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private record Claim(String owner, Instant at) {
    }

    private static List<String> ownedBy(Map<String, Claim> claims, String owner) {
        return claims.entrySet().stream().filter(claim -> claim.getValue().owner().equals(owner)).map(Map.Entry::getKey)
                .toList();
    }

    /** The claim on each shared projection's segment, as the token store holds it. */
    private static Map<String, Claim> claims(MongoCollection<Document> tokens) {
        Map<String, Claim> claims = new HashMap<>();
        for (Document token : tokens.find(Filters.in("processorName", SHARED))) {
            String owner = token.getString("owner");
            claims.put(token.getString("processorName"),
                    new Claim(owner == null ? "" : owner, token.getDate("claimedAt").toInstant()));
        }
        return claims;
    }

    private static void assertEachSharedProjectionRunsOnOneNodeTwoEach(List<WebTestClient> nodes) {
        List<String> running = new ArrayList<>();
        for (WebTestClient node : nodes) {
            List<String> local = localProjections(node);
            assertThat(local).hasSize(SHARED.size() / nodes.size());
            running.addAll(local);
        }
        assertThat(running).containsExactlyInAnyOrderElementsOf(SHARED);
    }

    /**
     * Tester 12: a rebuild asked of the node without the claim was 409 with no word of which node had it, and
     * the projections' state named no node either.
     */
    private static void assertEveryNodeNamesTheOwnerAndOnlyItRebuilds(List<AppNode> nodes) {
        String projection = SHARED.get(0);
        AppNode owner = nodes.stream().filter(node -> localProjections(node.client()).contains(projection))
                .findFirst().orElseThrow();
        String ownerName = owner == nodes.get(0) ? "query-1" : "query-2";
        for (AppNode node : nodes) {
            List<ProjectionStatus> statuses = node.client().get().uri("/api/admin/projections")
                    .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isOk()
                    .expectBodyList(ProjectionStatus.class).returnResult().getResponseBody();
            assertThat(statuses).filteredOn(status -> status.name().equals(projection)).singleElement()
                    .satisfies(status -> assertThat(status.segments()).extracting(ProjectionStatus.SegmentStatus::owner)
                            .containsOnly(ownerName));
        }
        AppNode other = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        other.client().post().uri("/api/admin/projections/" + projection + "/rebuild")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("REBUILD_CONFLICT")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("node " + ownerName));
    }

    /** The shared projections whose segment this node runs itself. */
    private static List<String> localProjections(WebTestClient node) {
        List<ProjectionStatus> statuses = node.get().uri("/api/admin/projections")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk()
                .expectBodyList(ProjectionStatus.class).returnResult().getResponseBody();
        return statuses.stream()
                .filter(status -> SHARED.contains(status.name()))
                .filter(status -> status.segments().stream().anyMatch(ProjectionStatus.SegmentStatus::local))
                .map(ProjectionStatus::name).toList();
    }

    /**
     * The node answers with every ticket once it has processed the events below {@code after}. A read
     * that waited its 5 s and answered stale is asked again: a node just started or just handed
     * projections may need longer on a slow machine, but it must get there.
     */
    private static void assertServes(AppNode node, String release, long after, int tickets) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(triage(node.client(), release, after).total()).isEqualTo(tickets));
    }

    private static TriageQueue triage(WebTestClient node, String release, long after) {
        return node.get().uri("/api/triage?releaseId=" + release + "&limit=100&after=" + after)
                .headers(h -> h.setBasicAuth(TestUsers.TRIAGER, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Aftermath-Stale")
                .expectBody(TriageQueue.class).returnResult().getResponseBody();
    }

    private static Writes writes(AppNode command) {
        return new Writes(command.client(), command.bean(CommandGateway.class),
                command.bean(MongoLedgerStorageEngine.class));
    }
}
