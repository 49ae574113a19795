package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.aftermath.shared.node.StartRefusedException;

class AftermathSecurityPropertiesTest {

    @Test
    void a_negative_credentials_cache_lifetime_is_refused() {
        AftermathSecurityProperties.Jwt basic = new AftermathSecurityProperties.Jwt(null, null, "roles", "name", null, Duration.ZERO, Duration.ofMinutes(5));

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ofMinutes(-1), List.of(),
                10))
                .hasMessage("aftermath.security.credentials-cache-ttl=-1m is shorter than the minimum of 0s");
    }

    @Test
    void a_negative_number_of_failed_logins_is_refused() {
        AftermathSecurityProperties.Jwt basic = new AftermathSecurityProperties.Jwt(null, null, "roles", "name", null, Duration.ZERO, Duration.ofMinutes(5));

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ZERO, List.of(), -1))
                .hasMessageStartingWith("aftermath.security.failed-logins-per-minute=-1");
    }

    /** Tester 11: "null" was taken, and a browser sends it from any sandboxed frame: every site could write. */
    @ParameterizedTest
    @ValueSource(strings = {"null", "*", "https://dash.example.com/path", "dash.example.com", "ftp://dash.example.com",
            "https://user@dash.example.com"})
    void an_allowed_origin_that_is_not_an_origin_refuses_the_start(String origin) {
        AftermathSecurityProperties.Jwt basic = new AftermathSecurityProperties.Jwt(null, null, "roles", "name", null, Duration.ZERO, Duration.ofMinutes(5));

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ZERO,
                List.of("https://ok.example.com", origin), 10))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("aftermath.security.allowed-origins: '" + origin + "' is not an origin");
    }
}
