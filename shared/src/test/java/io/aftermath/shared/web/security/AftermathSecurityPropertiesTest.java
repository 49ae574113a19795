package io.aftermath.shared.web.security;

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
