package io.aftermath.app.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A refusal is problem+json with the status and code the contract names. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> assertProblem(WebTestClient.ResponseSpec response, int status, String code) {
        Map<String, Object> problem = response
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(problem).as("problem body").isNotNull();
        assertThat(problem.get("code")).as("code of %s", problem).isEqualTo(code);
        assertThat(problem.get("status")).isEqualTo(status);
        assertThat(problem.get("type")).asString().startsWith("urn:aftermath:problem:");
        return problem;
    }
}
