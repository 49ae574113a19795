package io.aftermath.app.command.security;

import static io.aftermath.app.command.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.aftermath.app.command.support.AppNode;
import io.aftermath.app.support.Ids;
import io.aftermath.app.support.TestUsers;
import io.aftermath.shared.release.ReleaseRegistered;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * With an issuer configured, bearer JWTs replace HTTP Basic. The issuer is stood in for by a decoder
 * that reads tokens of the form {@code name.ROLE}, so no network is needed.
 */
class JwtModeTest {

    @TempDir
    static Path dataDir;
    static AppNode node;

    @BeforeAll
    static void start() {
        node = AppNode.start(dataDir, List.of("--aftermath.security.jwt.issuer-uri=https://issuer.example"),
                FakeIssuer.class);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_token_with_the_right_role_writes_as_its_subject() {
        String releaseId = (String) post("Bearer dana.RESPONDER").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("releaseId");

        ReleaseRegistered registered = (ReleaseRegistered) node.bean(EventStore.class).readEvents(releaseId).next()
                .getPayload();
        assertThat(registered.actor()).isEqualTo("dana");
    }

    @Test
    void a_token_without_the_role_is_403() {
        assertProblem(post("Bearer ana.AUDITOR"), 403, "FORBIDDEN");
    }

    @Test
    void basic_credentials_are_not_accepted_and_the_challenge_asks_for_a_bearer_token() {
        WebTestClient.ResponseSpec response = node.client().post().uri("/api/releases")
                .headers(h -> h.setBasicAuth(TestUsers.RESPONDER, TestUsers.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(release()).exchange();

        response.expectHeader().valueEquals("WWW-Authenticate", "Bearer");
        assertProblem(response, 401, "UNAUTHENTICATED");
    }

    /** Tester 152: every 401 read the same, so a client could not tell an expired token from a bad one. */
    @Test
    void an_invalid_token_is_401_saying_why_as_rfc_6750_has_it() {
        WebTestClient.ResponseSpec response = post("Bearer garbage");

        response.expectHeader().valueMatches("WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"[^\"\\\\]*not a token[^\"\\\\]*\"");
        assertThat(assertProblem(response, 401, "UNAUTHENTICATED").get("detail")).asString()
                .startsWith("The bearer token was refused: ").contains("not a token");
    }

    /** Tester 152: a stream went on 8 minutes past its token's exp, and after the issuer withdrew its key. */
    @Test
    void a_stream_opened_with_a_token_ends_when_the_token_does_with_a_reconnect_event() {
        StepVerifier.create(node.client().get().uri("/api/triage/stream").header("Authorization", "Bearer ana.AUDITOR.2")
                        .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                        .expectStatus().isOk()
                        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody())
                .assertNext(event -> assertThat(event.event()).isEqualTo("snapshot"))
                .thenConsumeWhile(event -> !"reconnect".equals(event.event()))
                .assertNext(event -> assertThat(event.data()).contains("credentials expired"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    private static WebTestClient.ResponseSpec post(String authorization) {
        return node.client().post().uri("/api/releases").header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(release()).exchange();
    }

    private static Map<String, String> release() {
        return Map.of("service", Ids.service("jwt"), "version", "1.0");
    }

    @Configuration(proxyBeanMethods = false)
    static class FakeIssuer {

        @Bean
        ReactiveJwtDecoder fakeIssuerDecoder() {
            return token -> {
                // subject.ROLE, or subject.ROLE.seconds for a token that expires so soon.
                String[] parts = token.split("\\.");
                if (parts.length != 2 && parts.length != 3) {
                    return Mono.error(new BadJwtException("not a token"));
                }
                long lifetime = parts.length == 3 ? Long.parseLong(parts[2]) : 60;
                return Mono.just(Jwt.withTokenValue(token).header("alg", "none").subject(parts[0])
                        .claim("roles", List.of(parts[1])).issuedAt(Instant.now())
                        .expiresAt(Instant.now().plusSeconds(lifetime)).build());
            };
        }
    }
}
