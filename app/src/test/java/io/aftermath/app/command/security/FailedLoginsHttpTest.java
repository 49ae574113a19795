package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.support.AftermathHttpTest;
import io.aftermath.app.support.TestUsers;

/**
 * Password guessing from one address is braked: past its wrong passwords for the minute, its logins
 * are refused 429 without a BCrypt check, while those already signed in go on (tester 17).
 */
@AftermathHttpTest
@TestPropertySource(properties = "aftermath.security.failed-logins-per-minute=3")
class FailedLoginsHttpTest {

    @Autowired
    WebTestClient client;

    @Test
    void an_address_guessing_passwords_is_refused_429_and_the_signed_in_go_on() {
        read(TestUsers.ADMIN, TestUsers.PASSWORD).expectStatus().isOk();

        assertProblem(read(TestUsers.TRIAGER, "guess-1"), 401, "UNAUTHENTICATED");
        assertProblem(read("nobody", "guess-2"), 401, "UNAUTHENTICATED");
        assertProblem(read(TestUsers.TRIAGER, "guess-3"), 401, "UNAUTHENTICATED");

        WebTestClient.ResponseSpec refused = read(TestUsers.AUDITOR, TestUsers.PASSWORD);
        refused.expectHeader().exists(HttpHeaders.RETRY_AFTER);
        assertProblem(refused, 429, "TOO_MANY_LOGIN_FAILURES");
        read(TestUsers.ADMIN, TestUsers.PASSWORD).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec read(String user, String password) {
        return client.get().uri("/api/releases").headers(h -> h.setBasicAuth(user, password)).exchange();
    }
}
