package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenChecksTest {

    private static final String ISSUER = "https://issuer.example";

    /** Before, a token the issuer made for another service was taken, with its ADMIN role (tester 17). */
    @Test
    void with_an_audience_a_token_made_for_another_service_is_refused() {
        var checks = TokenChecks.of(settings("aftermath"));

        assertThat(checks.validate(token(List.of("aftermath", "grafana"))).hasErrors()).isFalse();
        assertThat(checks.validate(token(List.of("some-other-service"))).hasErrors()).isTrue();
        assertThat(checks.validate(token(null)).hasErrors()).as("no aud at all").isTrue();
    }

    @Test
    void without_an_audience_the_issuer_and_times_are_still_checked() {
        var checks = TokenChecks.of(settings(null));

        assertThat(checks.validate(token(List.of("some-other-service"))).hasErrors()).isFalse();
        assertThat(checks.validate(Jwt.withTokenValue("t").header("alg", "RS256").issuer("https://elsewhere")
                .subject("dana").issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build())
                .hasErrors()).isTrue();
    }

    /** Tester 29: Spring took a token without exp as valid forever. */
    @Test
    void a_token_without_an_expiry_is_refused_with_or_without_an_audience() {
        Jwt forever = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject("dana")
                .audience(List.of("aftermath")).issuedAt(Instant.now()).build();

        assertThat(TokenChecks.of(settings(null)).validate(forever).hasErrors()).isTrue();
        assertThat(TokenChecks.of(settings("aftermath")).validate(forever).hasErrors()).isTrue();
    }

    /** Tester 29: an access token typed as RFC 9068 has it (at+jwt) was refused. */
    @Test
    void a_token_typed_jwt_or_as_an_access_token_or_not_at_all_is_taken_and_any_other_type_refused() {
        var checks = TokenChecks.of(settings(null));

        for (String type : new String[] {"JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt", "Application/JWT"}) {
            assertThat(checks.validate(typed(type)).hasErrors()).as(type).isFalse();
        }
        assertThat(checks.validate(token(null)).hasErrors()).as("no typ").isFalse();
        for (String type : new String[] {"secevent+jwt", "JOSE", "", "application/"}) {
            assertThat(checks.validate(typed(type)).hasErrors()).as("'" + type + "'").isTrue();
        }
    }

    private static Jwt typed(String type) {
        return Jwt.withTokenValue("t").header("alg", "RS256").header("typ", type).issuer(ISSUER).subject("dana")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }

    private static AftermathSecurityProperties.Jwt settings(String audience) {
        return new AftermathSecurityProperties.Jwt(URI.create(ISSUER), null, "roles", "preferred_username", audience,
                Duration.ZERO, Duration.ofMinutes(5));
    }

    private static Jwt token(List<String> audience) {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject("dana")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        return audience == null ? token.build() : token.audience(audience).build();
    }
}
