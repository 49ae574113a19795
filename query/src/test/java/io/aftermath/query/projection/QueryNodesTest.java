package io.aftermath.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.aftermath.shared.infrastructure.NodeStop;
import io.aftermath.shared.testing.EmbeddedMongo;
import io.aftermath.shared.testing.MutableClock;

class QueryNodesTest {

    /** Rounds every 200 ms; an entry counts for a second after it was written. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<QueryNodes> started = new ArrayList<>();
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void connect() {
        client = MongoClients.create(EmbeddedMongo.connectionString());
        database = client.getDatabase("query-nodes-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        started.forEach(QueryNodes::close);
        client.close();
    }

    @Test
    void each_node_counts_itself_and_the_others_alive_and_says_how_many_projections_it_runs() {
        ProjectionShares a = shares();
        ProjectionShares b = shares();
        a.reserve(ProjectionNames.TRIAGE);
        start("a", a, new NodeStop());
        start("b", b, new NodeStop());

        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2 && b.liveNodes() == 2);
        assertThat(a.share()).isEqualTo(2);
        assertThat(nodes().find().map(entry -> entry.getString("node"))).containsExactlyInAnyOrder("a", "b");
        assertThat(nodes().find(Filters.eq("node", "a")).first().getInteger("held")).isEqualTo(1);
    }

    @Test
    void a_node_that_stops_leaves_at_once() {
        ProjectionShares a = shares();
        NodeStop stopOfB = new NodeStop();
        start("a", a, new NodeStop());
        start("b", shares(), stopOfB);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);

        stopOfB.begin();

        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 1);
        assertThat(nodes().find().map(entry -> entry.getString("node"))).containsExactly("a");
    }

    @Test
    void a_node_that_died_stops_counting_once_its_entry_is_a_claim_timeout_old() {
        ProjectionShares a = shares();
        start("a", a, new NodeStop());
        QueryNodes b = start("b", shares(), new NodeStop());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);

        b.close();
        clock.advance(CLAIM_TIMEOUT.minusMillis(100));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);
        clock.advance(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 1);
    }

    @Test
    void entries_of_nodes_long_gone_are_deleted() {
        nodes().insertOne(new Document("_id", "gone").append("node", "gone")
                .append("seenAt", Date.from(clock.instant().minus(CLAIM_TIMEOUT.multipliedBy(61)))));
        nodes().insertOne(new Document("_id", "recent").append("node", "recent")
                .append("seenAt", Date.from(clock.instant().minus(CLAIM_TIMEOUT.multipliedBy(2)))));
        ProjectionShares a = shares();

        start("a", a, new NodeStop());

        await().atMost(Duration.ofSeconds(10)).until(() -> nodes().countDocuments(Filters.eq("_id", "gone")) == 0);
        assertThat(nodes().countDocuments(Filters.eq("_id", "recent"))).isEqualTo(1);
        assertThat(a.liveNodes()).isEqualTo(1);
    }

    @Test
    void a_node_hands_a_projection_over_only_once_another_says_its_processor_for_it_searches() {
        List<String> handed = new CopyOnWriteArrayList<>();
        ProjectionShares a = runningAllHandingTo(handed);
        ProjectionShares b = shares();
        start("a", a, new NodeStop());
        start("b", b, new NodeStop());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);
        clock.advance(CLAIM_TIMEOUT);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10)).until(handed::isEmpty);

        b.searched(ProjectionNames.TICKETS);

        await().atMost(Duration.ofSeconds(10)).until(() -> handed.equals(List.of(ProjectionNames.TICKETS)));
        assertThat(nodes().find(Filters.eq("node", "b")).first().getList("searching", String.class))
                .containsExactly(ProjectionNames.TICKETS);
    }

    /** An entry of an earlier version says nothing of searches: it is handed projections as before. */
    @Test
    void an_entry_naming_no_searches_is_taken_as_searching_for_every_projection() {
        List<String> handed = new CopyOnWriteArrayList<>();
        ProjectionShares a = runningAllHandingTo(handed);
        nodes().insertOne(new Document("_id", "earlier").append("node", "earlier").append("held", 0)
                .append("seenAt", Date.from(clock.instant())));
        start("a", a, new NodeStop());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);

        clock.advance(CLAIM_TIMEOUT);
        nodes().updateOne(Filters.eq("_id", "earlier"), Updates.set("seenAt", Date.from(clock.instant())));

        await().atMost(Duration.ofSeconds(10)).until(() -> handed.equals(List.of(ProjectionNames.TIMELINES)));
    }

    @Test
    void a_round_that_fails_is_followed_by_the_next() {
        List<String> handed = new CopyOnWriteArrayList<>();
        ProjectionShares a = new ProjectionShares(CLAIM_TIMEOUT, clock, projection -> false, (projection, duration) -> {
            handed.add(projection);
            if (handed.size() == 1) {
                throw new IllegalStateException("the processor could not be asked");
            }
        });
        ProjectionNames.SHARED.forEach(a::reserve);
        ProjectionShares b = shares();
        ProjectionNames.SHARED.forEach(b::searched);
        start("a", a, new NodeStop());
        start("b", b, new NodeStop());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.liveNodes() == 2);

        clock.advance(CLAIM_TIMEOUT);

        await().atMost(Duration.ofSeconds(10)).until(() -> handed.size() == 2);
        assertThat(handed).containsExactly(ProjectionNames.TIMELINES, ProjectionNames.RELEASES);
    }

    /** A node running every shared projection, which records those it hands over. */
    private ProjectionShares runningAllHandingTo(List<String> handed) {
        ProjectionShares shares = new ProjectionShares(CLAIM_TIMEOUT, clock, projection -> false,
                (projection, duration) -> handed.add(projection));
        ProjectionNames.SHARED.forEach(shares::reserve);
        return shares;
    }

    private ProjectionShares shares() {
        return new ProjectionShares(CLAIM_TIMEOUT, clock, projection -> false, (projection, duration) -> { });
    }

    private QueryNodes start(String name, ProjectionShares shares, NodeStop stop) {
        QueryNodes nodes = new QueryNodes(database, name, CLAIM_TIMEOUT, clock, shares, stop);
        nodes.start();
        started.add(nodes);
        return nodes;
    }

    private MongoCollection<Document> nodes() {
        return database.getCollection(QueryNodes.COLLECTION);
    }
}
