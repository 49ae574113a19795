package io.aftermath.app.command.web;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.Api;
import io.aftermath.app.command.support.LedgerHead;
import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.ledger.MongoLedgerStorageEngine;

/**
 * A JSON body that cannot be read is 400 {@code MALFORMED_REQUEST} saying what is wrong and where, in
 * the API's words, and appends nothing. Before, the messages were Jackson's: "Invalid UTF-8 middle byte
 * 0x22\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, …".
 */
@AftermathHttpTest
class UnreadableBodyTest {

    private static final String START = "{\"releaseId\":\"pay@3.2.0\",";

    @Autowired
    WebTestClient client;
    @Autowired
    MongoLedgerStorageEngine ledger;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(client);
    }

    @Test
    void a_body_cut_off_inside_a_value_says_where_it_ends() {
        String body = START + "\"title\":\"unterminated";

        assertThat(refused(bytes(body)).get("detail"))
                .isEqualTo("The body ends before its JSON value does at line 1, column " + (body.length() + 1));
    }

    @Test
    void a_body_cut_off_between_members_says_where_it_ends() {
        assertThat(refused(bytes(START)).get("detail"))
                .isEqualTo("The body ends before its JSON value does at line 1, column " + (START.length() + 1));
    }

    @Test
    void a_byte_that_is_not_utf_8_is_named_by_where_it_is() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(START + "\"title\":\"caf"));
        body.write(0xE9);
        body.writeBytes(bytes("\",\"description\":\"x\"}"));

        assertThat((String) refused(body.toByteArray()).get("detail"))
                .startsWith("The body is not valid UTF-8 at line 1, column ");
    }

    /**
     * Regression: Jackson's UTF-8 reader took the overlong forms of "/" ({@code C0 AF}, {@code E0 80 AF}) as "/",
     * so the report was 201 with the title "overlong /".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"c0af", "e080af"})
    void an_overlong_utf_8_form_is_refused_naming_its_byte(String overlong) {
        String before = "{\"releaseId\":\"" + api.freshRelease() + "\",\r\n\"title\":\"overlong ";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(before));
        body.writeBytes(HexFormat.of().parseHex(overlong));
        body.writeBytes(bytes("\",\"description\":\"d\"}"));

        int column = "\"title\":\"overlong ".length() + 1;
        assertThat(refused(body.toByteArray()).get("detail")).isEqualTo("The body is not valid UTF-8 at line 2, column "
                + column + " (byte " + before.length() + ")");
    }

    /** Where Jackson noticed: after the token it could not read. */
    @Test
    void text_that_is_not_json_is_named_by_where_it_is() {
        assertThat(refused(bytes(START + "\n\"title\": nope}")).get("detail"))
                .isEqualTo("The body is not valid JSON at line 2, column 15");
    }

    /** Before, the last one was kept: 201 with description "y". */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "\"title\":\"a\",\"description\":\"x\",\"description\":\"y\"} | description",
            "\"title\":\"a\",\"description\":\"x\",\"extra\":{\"b\":1,\"b\":2}} | extra.b"})
    void a_member_given_twice_is_refused_naming_it(String members, String member) {
        String releaseId = api.freshRelease();

        Map<String, Object> problem = refused(bytes("{\"releaseId\":\"" + releaseId + "\"," + members));

        assertThat(problem.get("detail")).isEqualTo("The member " + member + " is given more than once");
        assertThat(problem.get("errors")).asList().singleElement()
                .hasFieldOrPropertyWithValue("field", member)
                .hasFieldOrPropertyWithValue("message", "is given more than once");
    }

    /** Reported as ADMIN; refused 400 {@code MALFORMED_REQUEST} with no word of Jackson's, and nothing appended. */
    private Map<String, Object> refused(byte[] body) {
        LedgerHead head = LedgerHead.remember(ledger);

        Map<String, Object> problem = assertProblem(client.post().uri("/api/tickets")
                .headers(h -> h.setBasicAuth(TestUsers.ADMIN, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(), 400, "MALFORMED_REQUEST");

        assertThat(problem.toString()).doesNotContain("Source", "REDACTED", "Feature", "\n", "line:", "Jackson");
        head.assertUnchanged();
        return problem;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
