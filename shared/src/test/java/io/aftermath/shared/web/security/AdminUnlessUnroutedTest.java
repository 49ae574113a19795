package io.aftermath.shared.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;

import reactor.core.publisher.Mono;

class AdminUnlessUnroutedTest {

    private final AuthorizationContext request =
            new AuthorizationContext(MockServerWebExchange.from(MockServerHttpRequest.put("/api/releases")));

    @Test
    void an_endpoint_no_rule_opens_is_for_admins_only() {
        AdminUnlessUnrouted rule = new AdminUnlessUnrouted(exchange -> true);

        assertThat(granted(rule, signedIn("ROLE_REPORTER"))).isFalse();
        assertThat(granted(rule, signedIn("ROLE_AUDITOR"))).isFalse();
        assertThat(granted(rule, signedIn("ROLE_ADMIN"))).isTrue();
    }

    @Test
    void a_request_no_endpoint_serves_goes_on_to_routing_for_anyone_signed_in_and_no_one_else() {
        AdminUnlessUnrouted rule = new AdminUnlessUnrouted(exchange -> false);

        assertThat(granted(rule, signedIn("ROLE_REPORTER"))).isTrue();
        assertThat(granted(rule, Mono.empty())).isFalse();
    }

    private static Mono<Authentication> signedIn(String role) {
        TestingAuthenticationToken user = new TestingAuthenticationToken("someone", "secret", role);
        user.setAuthenticated(true);
        return Mono.just(user);
    }

    private boolean granted(AdminUnlessUnrouted rule, Mono<Authentication> authentication) {
        return rule.check(authentication, request).block().isGranted();
    }
}
