package io.aftermath.app.command.web;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.Endpoint;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;
import reactor.core.publisher.Flux;

/** Every way a write can be refused before it reaches a decision: problem+json, the right code, no event. */
@AftermathHttpTest
class BadInputTest {

    private static final int OVER_LIMIT = 256 * 1024 + 1;

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

    static List<Endpoint> endpoints() {
        return Endpoint.ALL;
    }

    static Stream<Endpoint> endpointsWithRequiredFields() {
        return Endpoint.ALL.stream().filter(endpoint -> !endpoint.name().equals("complete action item"));
    }

    /** Before, the first value was read and acted on, and what followed was dropped unseen. */
    @ParameterizedTest(name = "followed by {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"` xxx` | The body is not valid JSON",
            "{\"service\":\"other\",\"version\":\"2\"} | The body has more after its JSON value"})
    void a_json_body_with_more_after_its_value_is_400_malformed_request(String more, String detail) {
        LedgerHead head = LedgerHead.remember(ledger);
        String release = "{\"service\":\"" + Ids.service("tail") + "\",\"version\":\"1\"}";

        assertThat(assertProblem(api.postRaw(TestUsers.ADMIN, "/api/releases", release + more), 400,
                "MALFORMED_REQUEST").get("detail")).asString().startsWith(detail);

        head.assertUnchanged();
    }

    /** Before, the instant was cut to its day and stored as a due date nobody had given. */
    @Test
    void a_due_date_with_a_time_is_400_malformed_request_naming_it() {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        api.postRaw(TestUsers.ADMIN, "/api/releases/" + releaseId + "/action-items",
                        "{\"title\":\"Alert on queue depth\",\"owner\":\"dana\",\"dueDate\":\"2026-12-30T00:00:00Z\"}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST")
                .jsonPath("$.errors[0].field").isEqualTo("dueDate");

        head.assertUnchanged();
    }

    /**
     * Before, Jackson read a number, or a string of digits, as epoch seconds: 1700000000 was registered
     * as 2023-11-14T22:13:20Z, and epoch milliseconds landed in the year 55,843; and a blank string as no
     * instant, so as now (tester 75).
     */
    @ParameterizedTest(name = "deployedAt {0}, hotfix {1}")
    @CsvSource(delimiter = '|', value = {
            "1700000000 | false", "1700000000000 | false", "1.7E9 | false", "\"1700000000\" | false",
            "1700000000 | true", "\"yesterday\" | false", "\"\" | false", "\"   \" | false"})
    void a_number_for_an_instant_is_400_malformed_request_asking_for_an_iso_8601_string(String deployedAt,
                                                                                         boolean hotfix) {
        String service = Ids.service("epoch");
        String hotfixOf = hotfix ? ",\"hotfixOf\":\"" + api.registerRelease(service, "1.0.0") + "\"" : "";
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, "/api/releases",
                "{\"service\":\"" + service + "\",\"version\":\"1.0.1\",\"deployedAt\":" + deployedAt + hotfixOf
                        + "}"), 400, "MALFORMED_REQUEST");

        assertThat(problem).containsEntry("detail", "The field deployedAt cannot be read");
        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", "deployedAt")
                .hasFieldOrPropertyWithValue("message", "must be an ISO-8601 instant string, such as "
                        + "2024-05-01T10:00:00Z");
        head.assertUnchanged();
    }

    /** Before, a NUL or an ANSI escape was stored as typed, and half a surrogate pair broke the hash chain. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"title\":\"Pay\\u0000ment\",\"description\":\"d\"} | title | U+0000",
            "{\"title\":\"\\u001b[31mred\",\"description\":\"d\"} | title | U+001B",
            "{\"title\":\"t\",\"description\":\"half \\ud800 pair\"} | description | surrogate",
            "{\"title\":\"t\",\"description\":\"d\",\"component\":\"\\u0085\"} | component | U+0085"})
    void text_with_control_characters_or_half_a_surrogate_pair_is_400_naming_the_field(String fields, String field,
                                                                                       String named) {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);
        String body = "{\"releaseId\":\"" + releaseId + "\"," + fields.substring(1);

        api.postRaw(TestUsers.ADMIN, "/api/tickets", body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains(named));

        head.assertUnchanged();
    }

    /** Before, a title of one zero-width or no-break space was reported: 201. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\u200b", "\\u00a0", "\\ufeff", "\\u2060", " \\u3000\\u200b\\t"})
    void text_that_shows_nothing_is_blank(String title) {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, "/api/tickets",
                "{\"releaseId\":\"" + releaseId + "\",\"title\":\"" + title + "\",\"description\":\"d\"}"),
                400, "VALIDATION_FAILED");

        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", "title")
                .hasFieldOrPropertyWithValue("message", "must not be blank");
        head.assertUnchanged();
    }

    @Test
    void a_list_item_that_shows_nothing_is_blank_too() {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN,
                "/api/releases/" + releaseId + "/lessons", "{\"title\":\"t\",\"whatHappened\":\"w\",\"tags\":[\"db\",\"\\u00a0\"]}"),
                400, "VALIDATION_FAILED");

        assertThat(problem.get("errors")).asList().extracting("field").containsExactly("tags[1]");
        head.assertUnchanged();
    }

    @Test
    void text_with_a_visible_character_among_invisible_ones_is_not_blank() {
        String releaseId = api.freshRelease();

        api.postRaw(TestUsers.ADMIN, "/api/tickets", "{\"releaseId\":\"" + releaseId + "\","
                + "\"title\":\"\\u200bx\\u00a0\",\"description\":\"d\"}").expectStatus().isCreated();
    }

    @Test
    void tabs_line_breaks_and_paired_surrogates_are_text() {
        String releaseId = api.freshRelease();

        api.postRaw(TestUsers.ADMIN, "/api/tickets", "{\"releaseId\":\"" + releaseId + "\",\"title\":\"Emoji \\ud83d\\ude00\","
                + "\"description\":\"line 1\\r\\nline 2\\tcolumn\"}").expectStatus().isCreated();
    }

    /** The same answer a node running one role gives (MisdirectedRequestsTest); before, without Allow. */
    @Test
    void a_method_not_served_at_a_path_is_405_naming_the_methods_that_are() {
        var response = client.put().uri("/api/releases")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange();

        assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        response.expectHeader().value(HttpHeaders.ALLOW, allow ->
                assertThat(allow.split(",")).containsExactlyInAnyOrder("GET", "HEAD", "POST", "OPTIONS"));
    }

    /**
     * Before, 400 MALFORMED_REQUEST: Spring Security's firewall lets only DELETE, GET, HEAD, OPTIONS,
     * PATCH, POST and PUT through (Reactor Netty passes any method name on), and its refusal read as a
     * malformed request.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FOO", "TRACE"})
    void a_method_the_server_implements_for_no_resource_is_501(String method) {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        var response = client.method(HttpMethod.valueOf(method)).uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", "unknown-method-" + System.nanoTime())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}")
                .exchange();

        assertThat(assertProblem(response, 501, "METHOD_NOT_IMPLEMENTED")).containsEntry("detail",
                "This server does not implement the method " + method + " for any resource");
        response.expectHeader().exists("X-Correlation-Id");
        head.assertUnchanged();
        // Tester 17: refused before Spring Security's chain, it lacked the headers every other answer carries.
        HttpHeaders answered = client.get().uri("/api/releases").headers(h -> h.setBasicAuth(TestUsers.ADMIN,
                TestUsers.PASSWORD)).exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders();
        HttpHeaders refused = response.returnResult(String.class).getResponseHeaders();
        for (String header : List.of(HttpHeaders.CACHE_CONTROL, "X-Content-Type-Options", "X-Frame-Options",
                "X-XSS-Protection", "Referrer-Policy")) {
            assertThat(refused.get(header)).as(header).isNotNull().isEqualTo(answered.get(header));
        }
    }

    /** Before, 400 MALFORMED_REQUEST: the compressed bytes reached the JSON parser. */
    @Test
    void a_body_in_a_content_coding_is_415_asking_for_it_uncompressed_and_appends_nothing() throws Exception {
        String body = "{\"service\":\"" + Ids.service("gzip") + "\",\"version\":\"1\"}";
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String key = "gzip-" + System.nanoTime();
        LedgerHead head = LedgerHead.remember(ledger);

        var response = client.post().uri("/api/releases")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", key).header(HttpHeaders.CONTENT_ENCODING, "gzip")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(gzipped.toByteArray()).exchange();

        assertThat(assertProblem(response, 415, "UNSUPPORTED_CONTENT_ENCODING")).containsEntry("detail",
                "Content coding 'gzip' is not supported here; send the body uncompressed");
        response.expectHeader().valueEquals(HttpHeaders.ACCEPT_ENCODING, "identity");
        head.assertUnchanged();
        client.post().uri("/api/releases").headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .header("Idempotency-Key", key).header(HttpHeaders.CONTENT_ENCODING, "identity")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isCreated().expectHeader().doesNotExist("Idempotent-Replayed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void malformed_json_is_400_malformed_request(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), "{\"title\": \"unterminated"),
                400, "MALFORMED_REQUEST");

        head.assertUnchanged();
    }

    /**
     * Before, the message named a Java type: a due date of 2026-02-30 "has the wrong type: expected LocalDate", a
     * title of 5 "has the wrong type: expected a string".
     */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("wrongTypes")
    void a_field_of_the_wrong_type_is_400_malformed_request_naming_the_field_and_what_it_must_be(
            Endpoint endpoint, String body, String field, String rule) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), body),
                400, "MALFORMED_REQUEST");

        assertThat(problem).containsEntry("detail", "The field " + field + " cannot be read");
        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", field)
                .hasFieldOrPropertyWithValue("message", rule);
        head.assertUnchanged();
    }

    static Stream<Arguments> wrongTypes() {
        String string = "must be a string";
        String array = "must be an array";
        String date = "must be a date, YYYY-MM-DD, such as 2024-05-01";
        String severity = "must be one of [S1, S2, S3, S4]";
        return Stream.of(
                Arguments.of(Endpoint.named("register release"), "{\"service\":42,\"version\":\"1\"}", "service", string),
                Arguments.of(Endpoint.named("report ticket"),
                        "{\"releaseId\":[\"a@1\"],\"title\":\"t\",\"description\":\"d\"}", "releaseId", string),
                Arguments.of(Endpoint.named("prioritise"),
                        "{\"severity\":1,\"urgency\":\"HIGH\",\"reason\":\"r\"}", "severity", severity),
                Arguments.of(Endpoint.named("prioritise"),
                        "{\"severity\":{},\"urgency\":\"HIGH\",\"reason\":\"r\"}", "severity", severity),
                Arguments.of(Endpoint.named("prioritise"),
                        "{\"severity\":\"S1\",\"urgency\":true,\"reason\":\"r\"}", "urgency",
                        "must be one of [HIGH, MEDIUM, LOW]"),
                Arguments.of(Endpoint.named("assign"), "{\"assignee\":true}", "assignee", string),
                Arguments.of(Endpoint.named("mark duplicate"), "{\"canonicalTicketId\":{\"id\":1}}", "canonicalTicketId",
                        string),
                Arguments.of(Endpoint.named("resolve"), "{\"resolution\":\"FIXED\",\"summary\":5}", "summary", string),
                Arguments.of(Endpoint.named("resolve"), "{\"resolution\":[],\"summary\":\"s\"}", "resolution",
                        "must be one of [FIXED, HOTFIXED, WORKS_AS_DESIGNED, DOCUMENTED, WONT_FIX]"),
                Arguments.of(Endpoint.named("reopen"), "{\"reason\":[]}", "reason", string),
                Arguments.of(Endpoint.named("user update"),
                        "{\"status\":\"IDENTIFIED\",\"channel\":\"email\",\"message\":\"m\",\"ticketIds\":\"t1\"}",
                        "ticketIds", array),
                Arguments.of(Endpoint.named("user update"),
                        "{\"status\":\"IDENTIFIED\",\"channel\":5,\"message\":\"m\"}", "channel",
                        "must be one of [status page, in-app, email]"),
                Arguments.of(Endpoint.named("lesson"), "{\"title\":\"t\",\"whatHappened\":\"w\",\"tags\":{}}", "tags",
                        array),
                Arguments.of(Endpoint.named("lesson"),
                        "{\"title\":\"t\",\"whatHappened\":\"w\",\"contributingFactors\":[1]}", "contributingFactors[0]",
                        string),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":\"next tuesday\"}", "dueDate", date),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":\"2026-02-30\"}", "dueDate", date),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":20260228}", "dueDate", date),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":{}}", "dueDate", date),
                // Jackson read [2026,2,28] as that day and [] as no date at all.
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":[2026,2,28]}", "dueDate", date),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":[]}", "dueDate", date),
                Arguments.of(Endpoint.named("complete action item"), "{\"note\":7}", "note", string),
                Arguments.of(Endpoint.named("close retrospective"), "{\"summary\":false}", "summary", string));
    }

    /** Before, an unknown channel said only "Unknown channel: statuspage", where the others listed their values. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("unknownEnumValues")
    void an_unknown_enum_value_is_400_malformed_request_listing_the_accepted_values(Endpoint endpoint, String body,
                                                                                   String field, String accepted) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), body),
                400, "MALFORMED_REQUEST");

        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", field)
                .hasFieldOrPropertyWithValue("message", "must be one of " + accepted);
        head.assertUnchanged();
    }

    static Stream<Arguments> unknownEnumValues() {
        return Stream.of(
                Arguments.of(Endpoint.named("prioritise"), "{\"severity\":\"S9\",\"urgency\":\"HIGH\",\"reason\":\"r\"}",
                        "severity", "[S1, S2, S3, S4]"),
                Arguments.of(Endpoint.named("prioritise"), "{\"severity\":\"S1\",\"urgency\":\"ASAP\",\"reason\":\"r\"}",
                        "urgency", "[HIGH, MEDIUM, LOW]"),
                Arguments.of(Endpoint.named("resolve"), "{\"resolution\":\"FIXED_MAYBE\",\"summary\":\"s\"}",
                        "resolution", "[FIXED, HOTFIXED, WORKS_AS_DESIGNED, DOCUMENTED, WONT_FIX]"),
                Arguments.of(Endpoint.named("user update"),
                        "{\"status\":\"PANICKING\",\"channel\":\"email\",\"message\":\"m\"}", "status",
                        "[INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED]"),
                Arguments.of(Endpoint.named("user update"),
                        "{\"status\":\"RESOLVED\",\"channel\":\"statuspage\",\"message\":\"m\"}", "channel",
                        "[status page, in-app, email]"),
                // Read in any case, but as written (tester 8): Java's case folding took the long s and a dotless i.
                Arguments.of(Endpoint.named("prioritise"), "{\"severity\":\"\u017f1\",\"urgency\":\"HIGH\",\"reason\":\"r\"}",
                        "severity", "[S1, S2, S3, S4]"),
                Arguments.of(Endpoint.named("prioritise"), "{\"severity\":\"S1\",\"urgency\":\"h\u0131gh\",\"reason\":\"r\"}",
                        "urgency", "[HIGH, MEDIUM, LOW]"),
                Arguments.of(Endpoint.named("prioritise"), "{\"severity\":\"S2 \",\"urgency\":\"HIGH\",\"reason\":\"r\"}",
                        "severity", "[S1, S2, S3, S4]"),
                Arguments.of(Endpoint.named("user update"),
                        "{\"status\":\"RESOLVED\",\"channel\":\"\u017ftatus page\",\"message\":\"m\"}", "channel",
                        "[status page, in-app, email]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithRequiredFields")
    void a_missing_required_field_is_400_validation_failed_with_the_fields(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), "{}"),
                400, "VALIDATION_FAILED");

        assertThat(problem.get("errors")).asList().isNotEmpty()
                .allSatisfy(error -> assertThat(error).asString().contains("field=").contains("message="));
        head.assertUnchanged();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("oversizeFields")
    void an_oversize_field_is_400_validation_failed(Endpoint endpoint, String body, String field) {
        assertThat(refusedAsInvalid(endpoint, body).get("errors")).asList().extracting("field").contains(field);
    }

    static Stream<Arguments> oversizeFields() {
        String title = "t".repeat(201);
        return Stream.of(
                Arguments.of(Endpoint.named("report ticket"),
                        "{\"releaseId\":\"a@1\",\"title\":\"" + title + "\",\"description\":\"d\"}", "title"),
                Arguments.of(Endpoint.named("report ticket"),
                        "{\"releaseId\":\"a@1\",\"title\":\"t\",\"description\":\"" + "d".repeat(20_001) + "\"}",
                        "description"),
                Arguments.of(Endpoint.named("register release"),
                        "{\"service\":\"" + "s".repeat(101) + "\",\"version\":\"1\"}", "service"),
                Arguments.of(Endpoint.named("lesson"), "{\"title\":\"" + title + "\",\"whatHappened\":\"w\"}", "title"),
                Arguments.of(Endpoint.named("lesson"),
                        "{\"title\":\"t\",\"whatHappened\":\"w\",\"tags\":[\"" + "x".repeat(51) + "\"]}", "tags[0]"),
                Arguments.of(Endpoint.named("action item"), "{\"title\":\"" + title + "\",\"owner\":\"o\"}", "title"),
                Arguments.of(Endpoint.named("assign"), "{\"assignee\":\"" + "a".repeat(201) + "\"}", "assignee"));
    }

    /** Before, a field naming a release no registration could have made was looked up and reported unknown (422). */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("malformedReleaseIds")
    void a_malformed_release_id_in_a_body_is_400_validation_failed_naming_the_field(Endpoint endpoint, String body,
                                                                                     String field) {
        assertThat(refusedAsInvalid(endpoint, body).get("errors")).asList().extracting("field").containsExactly(field);
    }

    static Stream<Arguments> malformedReleaseIds() {
        return Stream.of(
                Arguments.of(Endpoint.named("report ticket"),
                        "{\"releaseId\":\"garbage\",\"title\":\"t\",\"description\":\"d\"}", "releaseId"),
                Arguments.of(Endpoint.named("register release"),
                        "{\"service\":\"s\",\"version\":\"2\",\"hotfixOf\":\"\"}", "hotfixOf"),
                Arguments.of(Endpoint.named("resolve"),
                        "{\"resolution\":\"FIXED\",\"summary\":\"s\",\"fixedIn\":\"a@b@c d\"}", "fixedIn"),
                Arguments.of(Endpoint.named("reopen"), "{\"reason\":\"r\",\"observedIn\":\"@1.0\"}", "observedIn"));
    }

    /** Java reads them, but far enough out they no longer fit a BSON date, and a projection storing one would stop. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("datesPastTheYear9999")
    void a_date_past_the_year_9999_is_400_validation_failed(Endpoint endpoint, String body, String field) {
        assertThat(refusedAsInvalid(endpoint, body).get("errors")).asList().extracting("field")
                .containsExactly(field);
    }

    /** The body, posted as ADMIN, is refused 400 {@code VALIDATION_FAILED} and appends nothing; answers the problem. */
    private Map<String, Object> refusedAsInvalid(Endpoint endpoint, String body) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), body),
                400, "VALIDATION_FAILED");

        head.assertUnchanged();
        return problem;
    }

    static Stream<Arguments> datesPastTheYear9999() {
        return Stream.of(
                Arguments.of(Endpoint.named("register release"),
                        "{\"service\":\"s\",\"version\":\"1\",\"deployedAt\":\"+300000000-01-01T00:00:00Z\"}",
                        "deployedAt"),
                Arguments.of(Endpoint.named("register release"),
                        "{\"service\":\"s\",\"version\":\"1\",\"deployedAt\":\"-0001-12-31T00:00:00Z\"}",
                        "deployedAt"),
                Arguments.of(Endpoint.named("action item"),
                        "{\"title\":\"t\",\"owner\":\"o\",\"dueDate\":\"+10000-01-01\"}", "dueDate"));
    }

    /** Tester 75: the bounds are the HTTP layer's, so they hold for a read's body too, which is otherwise ignored. */
    @Test
    void a_read_ignores_a_body_it_is_sent_within_the_bounds_of_a_writes() {
        byte[] over = ("{\"title\":\"" + "x".repeat(OVER_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
        readWithBody(null, "{\"limit\":1}".getBytes(StandardCharsets.UTF_8))
                .expectStatus().isOk();
        assertProblem(readWithBody(null, over), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(readWithBody("gzip", new byte[] {31, -117, 8, 0}), 415,
                "UNSUPPORTED_CONTENT_ENCODING");
    }

    private WebTestClient.ResponseSpec readWithBody(String coding, byte[] body) {
        return client.method(HttpMethod.GET).uri("/api/triage")
                .headers(h -> {
                    h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD);
                    h.setContentType(MediaType.APPLICATION_JSON);
                    if (coding != null) {
                        h.set(HttpHeaders.CONTENT_ENCODING, coding);
                    }
                })
                .bodyValue(body).exchange();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void a_body_over_256_KiB_is_413_before_anything_reads_it(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);
        byte[] body = ("{\"title\":\"" + "x".repeat(OVER_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(assertProblem(client.post().uri(endpoint.unknownPath())
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 413, "PAYLOAD_TOO_LARGE"))
                .containsEntry("detail", "The request body is larger than 262144 bytes");

        head.assertUnchanged();
    }

    @Test
    void a_streamed_body_without_content_length_is_counted_and_cut_off_at_256_KiB() {
        LedgerHead head = LedgerHead.remember(ledger);

        assertThat(assertProblem(client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks(), DataBuffer.class).exchange(), 413, "PAYLOAD_TOO_LARGE"))
                .containsEntry("detail", "The request body is larger than 262144 bytes");

        head.assertUnchanged();
    }

    @Test
    void a_streamed_body_with_an_idempotency_key_is_cut_off_at_256_KiB_too() {
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                .header("Idempotency-Key", "too-large-" + System.nanoTime())
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks(), DataBuffer.class).exchange(), 413, "PAYLOAD_TOO_LARGE");

        head.assertUnchanged();
    }

    /** 64 chunks of 8 KiB, sent with chunked transfer encoding: no Content-Length to refuse early. */
    private static Flux<DataBuffer> chunks() {
        byte[] chunk = "x".repeat(8 * 1024).getBytes(StandardCharsets.UTF_8);
        return Flux.concat(Flux.just(bytes("{\"title\":\"")), Flux.range(0, 64).map(i -> bytes(chunk)),
                Flux.just(bytes("\"}")));
    }

    private static DataBuffer bytes(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static DataBuffer bytes(byte[] content) {
        return DefaultDataBufferFactory.sharedInstance.wrap(content);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithPathIds")
    void an_unknown_id_in_the_path_is_404(Endpoint endpoint) {
        String releaseId = api.freshRelease();
        String otherTicket = api.reportTicket(releaseId, "exists");
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), endpoint.body(releaseId, otherTicket)),
                404, endpoint.notFound());

        head.assertUnchanged();
    }

    static List<Endpoint> endpointsWithPathIds() {
        return Endpoint.withPathIds();
    }

    @Test
    void a_release_id_where_a_ticket_belongs_is_404_ticket_not_found() {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.postRaw(TestUsers.ADMIN, "/api/tickets/" + releaseId + "/assign", "{\"assignee\":\"dana\"}"),
                404, "TICKET_NOT_FOUND");

        head.assertUnchanged();
    }

    @Test
    void a_ticket_id_where_a_release_belongs_is_404_release_not_found() {
        String ticketId = api.reportTicket(api.freshRelease(), "exists");
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.postRaw(TestUsers.ADMIN, "/api/releases/" + ticketId + "/close-retrospective",
                "{\"summary\":\"s\"}"), 404, "RELEASE_NOT_FOUND");

        head.assertUnchanged();
    }

    @Test
    void completing_an_unknown_action_item_of_a_known_release_is_404() {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        assertProblem(api.postRaw(TestUsers.RESPONDER, "/api/releases/" + releaseId + "/action-items/nope/complete",
                "{}"), 404, "ACTION_ITEM_NOT_FOUND");

        head.assertUnchanged();
    }

    /**
     * Before, the detail named a Java class: "Content type 'text/plain' not supported for
     * bodyType=io.aftermath.command.web.ticket.ReportTicketRequest"; then it offered application/x-ndjson too,
     * whose second line is refused: a write's body is one JSON object.
     */
    @Test
    void a_body_that_is_not_json_is_415_naming_the_type_to_send() {
        LedgerHead head = LedgerHead.remember(ledger);

        WebTestClient.ResponseSpec refused = client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                .contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange();
        // Tester 33: the Accept header still offered application/x-ndjson.
        refused.expectHeader().value(HttpHeaders.ACCEPT, accept -> assertThat(accept)
                .contains("application/json").doesNotContain("ndjson"));
        Map<String, Object> problem = assertProblem(refused, 415, "UNSUPPORTED_MEDIA_TYPE");

        assertThat(problem.get("detail")).isEqualTo("Content type 'text/plain' is not supported here; send application/json");
        head.assertUnchanged();
    }

    /** Before (tester 21): Spring's "unsupported charset 'foo-bar'" alone, saying nothing of what to send. */
    @Test
    void a_content_type_naming_an_unknown_charset_is_415_saying_which_to_name() throws Exception {
        LedgerHead head = LedgerHead.remember(ledger);
        // WebTestClient parses the header itself and would refuse to send it.
        HttpClient http = HttpClient.newHttpClient();
        String basic = Base64.getEncoder().encodeToString((TestUsers.ADMIN + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));

        for (String[] sent : new String[][] {{"/api/tickets", "application/json; charset=foo-bar"},
                {"/api/postmortems/import", "text/markdown; charset=foo-bar"}}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sent[0]))
                    .header("Authorization", "Basic " + basic).header("Content-Type", sent[1])
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(sent[0]).isEqualTo(415);
            assertThat(response.body()).as(sent[0]).contains("UNSUPPORTED_MEDIA_TYPE", "unsupported charset 'foo-bar'",
                    "; name a charset Java knows, such as utf-8, or none");
        }
        // Tester 38: a type that does not parse at all got the charset advice too.
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tickets"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "garbage///")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(415);
        assertThat(garbage.body()).contains("UNSUPPORTED_MEDIA_TYPE", "garbage///", "; send application/json")
                .doesNotContain("charset");
        // Before (tester 24): a known charset other than UTF-8 was ignored, the body read as UTF-8 anyway.
        HttpResponse<String> latin1 = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tickets"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"caf\u00e9\"}", StandardCharsets.ISO_8859_1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(latin1.statusCode()).isEqualTo(415);
        assertThat(latin1.body()).contains("a JSON body is UTF-8 (RFC 8259); name utf-8 as the charset, or none");
        head.assertUnchanged();
    }

    /** Before: "Content type 'application/octet-stream' is not supported here", a type nobody had sent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void a_body_without_a_content_type_is_415_saying_none_was_sent(Endpoint endpoint) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(client.post().uri(endpoint.unknownPath())
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .bodyValue(endpoint.validBody().getBytes(StandardCharsets.UTF_8)).exchange(), 415, "UNSUPPORTED_MEDIA_TYPE");

        assertThat(problem.get("detail")).isEqualTo("No Content-Type was sent; send application/json");
        head.assertUnchanged();
    }

    /** Before: "The content type is not supported", naming nothing to send. */
    @Test
    void a_wildcard_content_type_is_415_naming_a_type_to_send() {
        LedgerHead head = LedgerHead.remember(ledger);

        for (String wildcard : List.of("application/*", "*/*")) {
            Map<String, Object> problem = assertProblem(client.post().uri("/api/tickets")
                    .headers(h -> h.setBasicAuth(TestUsers.REPORTER, TestUsers.PASSWORD))
                    .header("Content-Type", wildcard).bodyValue("{}").exchange(), 415, "UNSUPPORTED_MEDIA_TYPE");

            assertThat(problem.get("detail")).as(wildcard).isEqualTo("Content type '" + wildcard
                    + "' is a range, not a type; send the body's own type, such as application/json");
        }
        head.assertUnchanged();
    }

    @Test
    void an_unknown_path_is_404_not_found_as_problem_json() {
        assertProblem(api.postRaw(TestUsers.ADMIN, "/api/tickets/x/explode", "{}"), 404, "NOT_FOUND");
    }

    /** Before: "No static resource api/nope.", the framework's words for where it last looked. */
    @Test
    void an_unknown_path_says_which_endpoint_is_missing() {
        var problem = assertProblem(client.get().uri("/api/nope")
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD)).exchange(), 404, "NOT_FOUND");

        assertThat(problem.get("detail")).isEqualTo("No endpoint GET /api/nope");
    }

    /** Before, the detail named the request's Java class, package and all. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"release\"", "42"})
    void a_body_that_is_not_an_object_is_400_without_java_in_its_detail(String body) {
        Map<String, Object> problem = assertProblem(api.postRaw(TestUsers.ADMIN, "/api/releases", body),
                400, "MALFORMED_REQUEST");

        assertThat((String) problem.get("detail")).isEqualTo("The body must be a JSON object");
    }

    /**
     * Before, a request without a body, or whose body was JSON null (which Jackson reads as no value), was told
     * "The body could not be read: No request body for: Mono<ResponseEntity<TicketReportController$Reported>>
     * TicketReportController.report(ReportTicketRequest,ServerWebExchange)".
     */
    @ParameterizedTest(name = "{0}, body {1}")
    @MethodSource("absentBodies")
    void an_empty_body_or_json_null_is_400_asking_for_a_json_object(Endpoint endpoint, String body) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(body == null ? api.post(TestUsers.ADMIN, endpoint.unknownPath(), null)
                : api.postRaw(TestUsers.ADMIN, endpoint.unknownPath(), body), 400, "MALFORMED_REQUEST");

        assertThat(problem).containsEntry("detail", "The body must be a JSON object").doesNotContainKey("errors");
        head.assertUnchanged();
    }

    static Stream<Arguments> absentBodies() {
        return endpointsWithRequiredFields().flatMap(endpoint -> Stream.of(
                Arguments.of(endpoint, Named.of("none", null)), Arguments.of(endpoint, Named.of("empty", "")),
                Arguments.of(endpoint, Named.of("JSON null", "null")),
                Arguments.of(endpoint, Named.of("JSON null among blanks", " null\n"))));
    }

    /** The security firewall's refusal was a bare 400 with an empty body. */
    @Test
    void a_path_the_firewall_refuses_is_400_as_problem_json() {
        assertProblem(client.get().uri("/api/tickets/{id}", "a/b").exchange(), 400, "MALFORMED_PATH");
    }

    /**
     * Before, 400 MALFORMED_REQUEST titled "The request body cannot be read", though the path was at fault; and
     * (tester 75) a path not UTF-8 once decoded was read with U+FFFD in place, a release "��" looked up.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"/api/tickets/a%2Fb/prioritise | The path may not contain %2F",
            "/api/tickets/a%00b/prioritise | The path may not contain %00",
            "/api/tickets/a/%2e%2e/b/prioritise | The path may not contain %2e",
            "/api/tickets/%C0%AF/prioritise | The path must be UTF-8 once percent-decoded",
            "/api/tickets/%ED%A0%80/prioritise | The path must be UTF-8 once percent-decoded",
            "/api/tickets/%E9t%E9/prioritise | The path must be UTF-8 once percent-decoded"})
    void a_path_that_cannot_be_read_is_400_malformed_path_saying_why(String path, String detail) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(client.post().uri(URI.create(path))
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"severity\":\"S2\",\"urgency\":\"HIGH\",\"reason\":\"r\"}").exchange(),
                400, "MALFORMED_PATH");

        assertThat(problem).containsEntry("title", "The request path cannot be read").containsEntry("detail", detail);
        head.assertUnchanged();
    }

    @Test
    void a_query_parameter_that_is_not_utf_8_once_decoded_is_400_naming_it() {
        Map<String, Object> problem = assertProblem(client.get().uri(URI.create("/api/postmortems?limit=5&q=%C0%AF"))
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange(), 400, "VALIDATION_FAILED");

        assertThat(problem).containsEntry("detail", "The query parameter q must be UTF-8 once percent-decoded");
        assertThat(problem.get("errors")).asList().singleElement().hasFieldOrPropertyWithValue("field", "q");
        client.get().uri(URI.create("/api/postmortems?q=caf%C3%A9"))
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD)).exchange().expectStatus().isOk();
    }

    /**
     * Header values Netty lets through (a C1 control) and the firewall refuses: they were 400
     * MALFORMED_REQUEST, titled as if the body were at fault, and a Content-Type read while a keyed
     * request was fingerprinted was 500.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headerValuesTheFirewallRefuses")
    void a_header_value_the_firewall_refuses_is_400_validation_failed_naming_the_header(String header, String value,
                                                                                        String rule) {
        String releaseId = api.freshRelease();
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "refused-header-" + System.nanoTime())
                .headers(h -> h.set(header, value))
                .bodyValue(("{\"releaseId\":\"" + releaseId + "\",\"title\":\"t\",\"description\":\"d\"}")
                        .getBytes(StandardCharsets.UTF_8)).exchange(),
                400, "VALIDATION_FAILED");

        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", header)
                .hasFieldOrPropertyWithValue("message", rule);
        head.assertUnchanged();
    }

    /** A key is told the rule every refused key is told (IdempotencyKeyTest), not this refusal's own reason. */
    static Stream<Arguments> headerValuesTheFirewallRefuses() {
        return Stream.of(Arguments.of("Idempotency-Key", "k\u0085x", "must be 1 to 255 visible ASCII characters"),
                Arguments.of("Content-Type", "application/json; x=\"\u0085\"", "must not contain control characters"));
    }
}
