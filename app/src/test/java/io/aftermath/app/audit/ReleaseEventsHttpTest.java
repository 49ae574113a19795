package io.aftermath.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.aftermath.app.query.support.Writes;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * An auditor replays a release as it unfolded: every event of its streams, read from the ledger, line for line
 * as the export writes them, including what the timeline leaves out (later reports, assignments).
 */
@AftermathHttpTest
class ReleaseEventsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WebTestClient client;
    @Autowired
    CommandGateway commands;
    @Autowired
    MongoLedgerStorageEngine engine;

    private Writes writes;

    @BeforeEach
    void setUp() {
        writes = new Writes(client, commands, engine);
    }

    /** Two releases of one story: a hotfix, tickets on both, and a duplicate marked across releases. */
    private record Story(long start, String releaseId, String hotfixId, String first, String onHotfix, String later,
                         String duplicate, String otherId, String other) {

        Set<String> releaseStreams() {
            return Set.of(releaseId, hotfixId, first, onHotfix, later, duplicate);
        }
    }

    private Story story() {
        long start = engine.head();
        String service = Ids.service("events");
        String releaseId = writes.release(service, "1.0.0");
        String hotfixId = writes.release(service, "1.0.1", releaseId);
        String first = writes.report(releaseId, "Checkout hangs");
        String onHotfix = writes.report(hotfixId, "Hotfix breaks refunds");
        String otherId = writes.release(Ids.service("elsewhere"), "2.0.0");
        String other = writes.report(otherId, "Payments time out");
        writes.prioritise(first, "S1", "HIGH");
        writes.assign(first, "dev");
        String later = writes.report(releaseId, "Checkout hangs for me too");
        String duplicate = writes.report(releaseId, "Payments slow");
        writes.markDuplicate(duplicate, other);
        writes.resolve(onHotfix, "FIXED", null);
        return new Story(start, releaseId, hotfixId, first, onHotfix, later, duplicate, otherId, other);
    }

    @Test
    void every_event_of_the_release_its_hotfix_and_their_tickets_reads_as_the_export_writes_it() throws Exception {
        Story story = story();

        EntityExchangeResult<String> answer = get("/api/releases/" + story.releaseId() + "/events")
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/x-ndjson"))
                .expectBody(String.class).returnResult();
        List<String> lines = answer.getResponseBody().lines().toList();

        List<String> exported = export(story.start(), false).stream()
                .filter(line -> story.releaseStreams().contains(field(line, "stream"))).toList();
        assertThat(lines).isEqualTo(exported);
        assertThat(lines.stream().map(line -> field(line, "stream")).distinct())
                .containsExactlyInAnyOrderElementsOf(story.releaseStreams());
        assertThat(lines).extracting(line -> field(line, "type").replaceAll(".*\\.", ""))
                .contains("ReleaseRegistered", "TicketReported", "TicketPrioritised", "TicketAssigned",
                        "TicketMarkedDuplicate", "TicketResolved")
                .doesNotContain("DuplicateAttached");
        assertThat(lines).filteredOn(line -> field(line, "stream").equals(story.later())).extracting(line ->
                field(line, "type")).as("a later report, which the timeline omits").singleElement()
                .asString().endsWith("TicketReported");
        long end = Long.parseLong(answer.getResponseHeaders().getFirst("X-Aftermath-End"));
        assertThat(end).isGreaterThan(position(lines.get(lines.size() - 1)));
        assertThat(answer.getResponseHeaders().getFirst("X-Aftermath-Next")).isEqualTo(Long.toString(end));
    }

    @Test
    void of_a_duplicate_marked_across_releases_each_release_gets_its_own_tickets_event() {
        Story story = story();

        List<String> other = lines("/api/releases/" + story.otherId() + "/events");

        assertThat(other).extracting(line -> field(line, "stream"))
                .containsOnly(story.otherId(), story.other()).doesNotContain(story.duplicate());
        assertThat(other).extracting(line -> field(line, "type")).anyMatch(type -> type.endsWith("DuplicateAttached"))
                .noneMatch(type -> type.endsWith("TicketMarkedDuplicate"));
        List<String> release = lines("/api/releases/" + story.releaseId() + "/events");
        long marked = position(release.stream().filter(line -> field(line, "type").endsWith("TicketMarkedDuplicate"))
                .findFirst().orElseThrow());
        long attached = position(other.stream().filter(line -> field(line, "type").endsWith("DuplicateAttached"))
                .findFirst().orElseThrow());
        assertThat(Math.abs(marked - attached)).as("one commit").isEqualTo(1);
    }

    @Test
    void with_canonical_the_lines_are_the_exports_canonical_lines() {
        Story story = story();

        List<String> lines = lines("/api/releases/" + story.hotfixId() + "/events?canonical=true");

        assertThat(lines).isNotEmpty().allMatch(line -> line.contains("\"canonical\""))
                .isEqualTo(export(story.start(), true).stream().filter(line -> Set.of(story.hotfixId(),
                        story.onHotfix()).contains(field(line, "stream"))).toList());
    }

    @Test
    void a_position_or_an_instant_cuts_where_the_replay_does() {
        Story story = story();
        String path = "/api/releases/" + story.releaseId();
        List<String> all = lines(path + "/events");
        String marked = all.stream().filter(line -> field(line, "type").endsWith("TicketMarkedDuplicate"))
                .findFirst().orElseThrow();
        String assigned = all.stream().filter(line -> field(line, "type").endsWith("TicketAssigned"))
                .findFirst().orElseThrow();

        for (String cut : List.of("?position=" + position(assigned), "?position=" + (position(marked) + 1),
                "?at=" + field(assigned, "timestamp"), "?at=" + Instant.now().plusSeconds(3600))) {
            EntityExchangeResult<String> answer = get(path + "/events" + cut).expectStatus().isOk()
                    .expectBody(String.class).returnResult();
            long end = Long.parseLong(answer.getResponseHeaders().getFirst("X-Aftermath-End"));
            long replayed = ((Number) get(path + "/replay" + cut).expectStatus().isOk().expectBody(Map.class)
                    .returnResult().getResponseBody().get("end")).longValue();

            assertThat(end).as(cut).isEqualTo(replayed);
            assertThat(answer.getResponseHeaders().getFirst("X-Aftermath-Next")).as(cut).isEqualTo(Long.toString(end));
            assertThat(answer.getResponseBody().lines().toList()).as(cut)
                    .isEqualTo(all.stream().filter(line -> position(line) < end).toList());
        }
        assertThat(lines(path + "/events?position=" + position(assigned)))
                .as("the cut is before the assignment").doesNotContain(assigned).isNotEmpty();
        assertThat(lines(path + "/events?position=" + (position(marked) + 1)))
                .as("a position inside a commit takes the whole commit").contains(marked);
        assertThat(lines(path + "/events?at=" + field(assigned, "timestamp"))).as("an instant an answer shows")
                .contains(assigned);
    }

    @Test
    void from_leaves_out_earlier_events_but_not_the_streams_begun_before_it() {
        Story story = story();
        String path = "/api/releases/" + story.releaseId() + "/events";
        List<String> all = lines(path);
        String assigned = all.stream().filter(line -> field(line, "type").endsWith("TicketAssigned"))
                .findFirst().orElseThrow();

        List<String> caughtUp = lines(path + "?from=" + position(assigned));

        assertThat(caughtUp).isEqualTo(all.stream().filter(line -> position(line) >= position(assigned)).toList())
                .first().isEqualTo(assigned);
        assertThat(field(assigned, "stream")).isEqualTo(story.first());
        String next = get(path).expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst("X-Aftermath-Next");
        get(path + "?from=" + next).expectStatus().isOk()
                .expectHeader().valueEquals("X-Aftermath-Next", next)
                .expectBody(String.class).value(body -> assertThat(body).isNullOrEmpty());
        assertThat(lines(path + "?from=" + position(assigned) + "&position=" + position(assigned))).isEmpty();
    }

    @Test
    void an_unknown_release_or_one_registered_after_the_cut_is_404() {
        Story story = story();

        for (String path : List.of("/api/releases/" + Ids.service("nowhere") + "@1.0.0/events",
                "/api/releases/" + story.first() + "/events",
                "/api/releases/" + story.releaseId() + "/events?position=" + story.start(),
                "/api/releases/" + story.otherId() + "/events?position=" + story.start() + "&from=" + story.start())) {
            get(path).expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("RELEASE_NOT_FOUND");
        }
    }

    @Test
    void bad_cuts_and_a_negative_from_are_400_naming_them() {
        String path = "/api/releases/" + writes.release(Ids.service("bad-cuts"), "1.0.0") + "/events";

        get(path + "?at=" + Instant.now() + "&position=1").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        for (String[] refused : new String[][] {{"from", "-1"}, {"position", "-1"}, {"at", "yesterday"}}) {
            client.get().uri(URI.create(path + "?" + refused[0] + "=" + refused[1]))
                    .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[0].field").isEqualTo(refused[0]);
        }
    }

    /** Before, yes, on and 1 read as true: no description names them, and a typo could land on one. */
    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "ture"})
    void canonical_other_than_true_or_false_is_400_on_both_reads(String value) {
        String release = "/api/releases/" + writes.release(Ids.service("canonical"), "1.0.0") + "/events";
        for (String path : List.of(release, "/api/events")) {
            get(path + "?canonical=" + value).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("canonical")
                    .jsonPath("$.errors[0].message").isEqualTo("must be true or false");
        }
        get(release + "?canonical=TRUE").expectStatus().isOk();
    }

    @ParameterizedTest
    @ValueSource(strings = {TestUsers.REPORTER, TestUsers.TRIAGER, TestUsers.RESPONDER})
    void only_auditors_and_admins_read_a_releases_events(String role) {
        String path = "/api/releases/" + writes.release(Ids.service("roles"), "1.0.0") + "/events";

        client.get().uri(path).headers(h -> h.setBasicAuth(role, TestUsers.PASSWORD)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        client.get().uri(path).exchange().expectStatus().isUnauthorized();
        client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    private List<String> export(long from, boolean canonical) {
        return lines("/api/events?limit=10000&from=" + from + (canonical ? "&canonical=true" : ""));
    }

    private List<String> lines(String path) {
        String body = get(path).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return body == null ? List.of() : body.lines().toList();
    }

    private static String field(String line, String name) {
        try {
            JsonNode value = JSON.readTree(line).get(name);
            return value.asText();
        } catch (Exception notJson) {
            throw new AssertionError("Not a JSON line: " + line, notJson);
        }
    }

    private static long position(String line) {
        return Long.parseLong(field(line, "position"));
    }

    private WebTestClient.ResponseSpec get(String path) {
        return client.get().uri(path).headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange();
    }
}
