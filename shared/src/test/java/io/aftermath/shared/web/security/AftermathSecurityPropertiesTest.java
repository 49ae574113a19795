package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class AftermathSecurityPropertiesTest {

    @Test
    void a_negative_credentials_cache_lifetime_is_refused() {
        AftermathSecurityProperties.Jwt basic = new AftermathSecurityProperties.Jwt(null, null, "roles", "name");

        assertThatThrownBy(() -> new AftermathSecurityProperties(List.of(), basic, Duration.ofMinutes(-1), List.of()))
                .hasMessage("aftermath.security.credentials-cache-ttl=-1m is shorter than the minimum of 0s");
    }
}
