package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aftermath.shared.node.StartRefusedException;

class AftermathSecurityPropertiesTest {

    /** Tester 29: not-a-uri started, then answered every token 503 for as long as the node ran. */
    @ParameterizedTest
    @ValueSource(strings = {"not-a-uri", "issuer.example.com/realm", "ftp://issuer.example.com", "file:///etc/keys"})
    void an_issuer_that_is_not_a_web_address_refuses_the_start(String issuer) {
        assertThatThrownBy(() -> jwt(URI.create(issuer), null)).isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("aftermath.security.jwt.issuer-uri=" + issuer + " is not an http(s) address");
        assertThatThrownBy(() -> jwt(URI.create("https://issuer.example.com"), URI.create(issuer)))
                .hasMessageStartingWith("aftermath.security.jwt.jwk-set-uri=" + issuer + " is not an http(s) address");
    }

    /** Tester 152: an empty roles claim started and granted no token any role. */
    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void an_empty_claim_name_refuses_the_start(String claim) {
        URI issuer = URI.create("https://issuer.example.com");
        assertThatThrownBy(() -> new AftermathSecurityProperties.Jwt(issuer, null, claim, "name", null, Duration.ZERO,
                Duration.ofMinutes(5))).isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("aftermath.security.jwt.roles-claim is empty");
        assertThatThrownBy(() -> new AftermathSecurityProperties.Jwt(issuer, null, "roles", claim, null, Duration.ZERO,
                Duration.ofMinutes(5))).isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("aftermath.security.jwt.name-claim is empty");
    }

    /**
     * Tester 68: a hash a shell had cut at its first $ started, and every login of its user then failed with a
     * WARN; an encoding Spring does not know failed every login with a 500.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{bcrypt}notahash", "{bcrypt}a", "{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v",
            "{bcrypt}$2a$4$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu"})
    void a_bcrypt_password_that_is_no_bcrypt_hash_refuses_the_start(String password) {
        assertThatThrownBy(() -> withUser(password)).isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.security.users: user dana: the password is no BCrypt hash ({bcrypt} then $2a$, "
                        + "$2b$ or $2y$, a two-digit cost, $ and 53 characters); in a shell, quote it in single "
                        + "quotes, or each $ starts a variable");
    }

    @Test
    void a_password_in_an_encoding_that_cannot_be_checked_refuses_the_start() {
        assertThatThrownBy(() -> withUser("{rot13}frperg")).isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.security.users: user dana: a password encoded as {rot13} cannot be checked "
                        + "here; use {bcrypt}$2a$...");
        assertThatThrownBy(() -> withUser("{}secret")).isInstanceOf(StartRefusedException.class)
                .hasMessage("aftermath.security.users: user dana: the password must name its encoding, "
                        + "e.g. {bcrypt}$2a$...");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{bcrypt}$2a$04$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu",
            "{bcrypt}$2y$10$YLdSIxEfQ5xK4z4l16qgHuMn7Gn8v/pCpeppgIF25ja13iU6i3myu", "{noop}secret"})
    void a_password_that_can_be_checked_starts(String password) {
        assertThatCode(() -> withUser(password)).doesNotThrowAnyException();
    }

    private static AftermathSecurityProperties withUser(String password) {
        return new AftermathSecurityProperties(List.of(new AftermathSecurityProperties.User("dana", password,
                List.of(Role.ADMIN))), jwt(null, null), Duration.ZERO, List.of(), 10);
    }

    private static AftermathSecurityProperties.Jwt jwt(URI issuer, URI keySet) {
        return new AftermathSecurityProperties.Jwt(issuer, keySet, "roles", "name", null, Duration.ZERO,
                Duration.ofMinutes(5));
    }

    @Test
    void a_negative_credentials_cache_lifetime_is_refused() {
        AftermathSecurityProperties.Jwt basic = jwt(null, null);

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ofMinutes(-1), List.of(),
                10))
                .hasMessage("aftermath.security.credentials-cache-ttl=-1m is shorter than the minimum of 0s");
    }

    @Test
    void a_negative_number_of_failed_logins_is_refused() {
        AftermathSecurityProperties.Jwt basic = jwt(null, null);

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ZERO, List.of(), -1))
                .hasMessageStartingWith("aftermath.security.failed-logins-per-minute=-1");
    }

    /** Tester 11: "null" was taken, and a browser sends it from any sandboxed frame: every site could write. */
    @ParameterizedTest
    @ValueSource(strings = {"null", "*", "https://dash.example.com/path", "dash.example.com", "ftp://dash.example.com",
            "https://user@dash.example.com"})
    void an_allowed_origin_that_is_not_an_origin_refuses_the_start(String origin) {
        AftermathSecurityProperties.Jwt basic = jwt(null, null);

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ZERO,
                List.of("https://ok.example.com", origin), 10))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("aftermath.security.allowed-origins: '" + origin + "' is not an origin");
    }
}
