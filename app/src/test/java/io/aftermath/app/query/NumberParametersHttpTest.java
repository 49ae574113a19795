package io.aftermath.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.query.support.QueryHttpTest;
import io.aftermath.app.support.TestUsers;

/**
 * A number in a query is written in decimal digits. Regression: Spring's number conversion decoded {@code 0x10} and
 * {@code #10} as hexadecimal and took {@code +5} (unencoded, " 5"), so {@code limit=0x10} answered 16 hits.
 * Values are sent encoded as written.
 */
@QueryHttpTest
class NumberParametersHttpTest {

    @Autowired
    WebTestClient client;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "/api/triage, limit, 0x10", "/api/triage, limit, %2310", "/api/triage, limit, %2B5",
            "/api/triage, limit, +5", "/api/triage, limit, %D9%A5", "/api/releases, limit, 0x10",
            "/api/postmortems, limit, 0x10", "/api/postmortems, offset, 0x10", "/api/events, from, 0x10",
            "/api/events, limit, %2310", "/api/releases/r@1.0/replay, position, 0x10",
            "/api/releases/r@1.0/events, position, 0x10", "/api/releases/r@1.0/events, from, %2B5"})
    void a_number_that_is_not_decimal_digits_is_refused_naming_it(String path, String parameter, String encoded) {
        client.get().uri(URI.create(path + "?" + parameter + "=" + encoded))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo(parameter + " must be a whole number")
                .jsonPath("$.errors[0].field").isEqualTo(parameter);
    }

    /** Tester 77: a number of spaces alone was 400, though a parameter holding nothing else is absent. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"/api/triage, limit", "/api/triage, offset", "/api/releases, limit", "/api/postmortems, limit",
            "/api/events, from", "/api/releases/r@1.0/timeline, offset"})
    void a_number_of_blanks_alone_is_absent(String path, String parameter) {
        client.get().uri(URI.create(path + "?" + parameter + "=%20%09"))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().value(status -> assertThat(status).isIn(200, 404));
    }

    /** Tester 26: position=5&position=9 answered as of 5 without a word; at=…&at=… was "not an instant". */
    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource({"/api/releases/r@1.0/replay, position=5&position=9, position",
            "/api/releases/r@1.0/replay, at=2026-11-17T10:00:00Z&at=2026-11-17T11:00:00Z, at",
            "/api/events, from=3&from=5, from", "/api/events, limit=1&limit=1, limit",
            "/api/audit/verify, position=1&digest=a&digest=b, digest", "/api/postmortems, q=dns&q=tls, q",
            "/api/triage, limit=5&limit=6, limit",
            // Tester 28: joined with a comma, service=checkout&service=checkout matched no service: an empty 200.
            "/api/triage, service=checkout&service=checkout, service", "/api/releases, service=a&service=b, service",
            "/api/triage/stream, service=a&service=b, service"})
    void a_single_valued_parameter_given_twice_is_refused_naming_it(String path, String query, String parameter) {
        client.get().uri(URI.create(path + "?" + query))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo(parameter)
                .jsonPath("$.errors[0].message").isEqualTo("takes one value but was given 2: give it once");
    }

    /** Tester 28: a HEAD skipped the check its GET made. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/events?limit=1&limit=1", "/api/triage/stream?limit=1&limit=1",
            "/api/releases/r@1.0/replay?position=1&position=1"})
    void a_head_is_refused_a_repeated_parameter_as_its_get_is(String pathAndQuery) {
        client.head().uri(URI.create(pathAndQuery))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest();
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource({"/api/triage, status=REPORTED&status=REOPENED", "/api/postmortems, tag=time&tag=linux",
            "/api/postmortems, service=checkout&service=payments"})
    void a_repeatable_filter_may_be_given_twice(String path, String query) {
        client.get().uri(URI.create(path + "?" + query))
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void a_repeated_parameter_from_someone_not_signed_in_is_401_first() {
        client.get().uri(URI.create("/api/events?from=1&from=2")).exchange().expectStatus().isUnauthorized();
    }

    /** A sign is still read, so that a negative number meets the parameter's own rule rather than this one. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"/api/triage, limit, -1, must be between 1 and 1000",
            "/api/releases/r@1.0/replay, position, -1, must be >= 0",
            "/api/releases/r@1.0/events, from, -1, must be >= 0"})
    void a_negative_number_meets_the_parameters_own_rule(String path, String parameter, String value, String rule) {
        client.get().uri(URI.create(path + "?" + parameter + "=" + value))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo(parameter)
                .jsonPath("$.errors[0].message").isEqualTo(rule);
    }

    /** Tester 15: twenty digits were "not a whole number". */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"/api/triage, limit, 99999999999999999999, 2147483647",
            "/api/events, from, 99999999999999999999, 9223372036854775807"})
    void a_whole_number_too_large_for_its_parameter_is_told_so(String path, String parameter, String value,
                                                              String largest) {
        client.get().uri(URI.create(path + "?" + parameter + "=" + value))
                .headers(h -> h.setBasicAuth(TestUsers.AUDITOR, TestUsers.PASSWORD))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.detail").isEqualTo(parameter + " must be a whole number no larger than " + largest);
    }
}
