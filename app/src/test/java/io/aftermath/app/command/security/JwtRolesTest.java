package io.aftermath.app.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import io.aftermath.shared.web.security.JwtRoles;

class JwtRolesTest {

    private final JwtRoles roles = new JwtRoles("roles", "preferred_username");

    @Test
    void roles_come_from_the_roles_claim_whatever_their_spelling() {
        AbstractAuthenticationToken token = roles.convert(jwt().claim("roles", List.of("responder", "ROLE_AUDITOR"))
                .build()).block();

        assertThat(authorities(token)).containsExactlyInAnyOrder("ROLE_RESPONDER", "ROLE_AUDITOR");
    }

    @Test
    void scopes_that_name_a_role_count_and_other_scopes_grant_nothing() {
        AbstractAuthenticationToken token = roles.convert(jwt().claim("scope", "openid aftermath:triager profile")
                .build()).block();

        assertThat(authorities(token)).containsExactly("ROLE_TRIAGER");
    }

    /** Tester 152: "grafana:admin", from an issuer shared with Grafana, was Aftermath's ADMIN. */
    @Test
    void a_role_prefixed_for_another_service_grants_nothing() {
        AbstractAuthenticationToken token = roles.convert(jwt().claim("scope", "grafana:admin other.admin "
                + "role:responder AFTERMATH:RESPONDER aftermath.auditor").claim("roles", "billing:triager").build())
                .block();

        assertThat(authorities(token)).containsExactlyInAnyOrder("ROLE_RESPONDER", "ROLE_AUDITOR");
    }

    /** Keycloak puts realm roles at realm_access.roles; a claim literally so named still comes first. */
    @Test
    void a_dotted_roles_claim_reaches_into_nested_claims() {
        JwtRoles keycloak = new JwtRoles("realm_access.roles", "preferred_username");

        assertThat(authorities(keycloak.convert(jwt().claim("realm_access", Map.of("roles", List.of("triager"))).build())
                .block())).containsExactly("ROLE_TRIAGER");
        assertThat(authorities(keycloak.convert(jwt().claim("realm_access.roles", "auditor")
                .claim("realm_access", Map.of("roles", List.of("admin"))).build()).block()))
                .containsExactly("ROLE_AUDITOR");
        assertThat(authorities(keycloak.convert(jwt().claim("realm_access", "admin").build()).block())).isEmpty();
    }

    @Test
    void unknown_roles_grant_nothing() {
        AbstractAuthenticationToken token = roles.convert(jwt().claim("roles", "superuser root").build()).block();

        assertThat(authorities(token)).isEmpty();
    }

    @Test
    void the_actor_is_the_preferred_username_else_the_subject() {
        assertThat(roles.convert(jwt().claim("preferred_username", "dana").build()).block().getName()).isEqualTo("dana");
        assertThat(roles.convert(jwt().build()).block().getName()).isEqualTo("user-123");
    }

    /** Before, an empty name was recorded as the actor, and a NUL or right-to-left override as sent (tester 17). */
    @Test
    void an_unusable_name_falls_back_to_the_subject_and_a_token_without_a_usable_one_is_refused() {
        for (String name : List.of("", "  ", "adm\u202ex", "adm\u0000", "\u200b")) {
            assertThat(roles.convert(jwt().claim("preferred_username", name).build()).block().getName()).as(name)
                    .isEqualTo("user-123");
        }
        assertThatThrownBy(() -> roles.convert(jwt().subject("\u202e").claim("preferred_username", "").build())
                .block()).isInstanceOf(InvalidBearerTokenException.class).hasMessageContaining("names no actor");
    }

    /** Tester 152: 42, ["a","b"] and {"x":1} were recorded as actors 42, [a, b] and {x=1}. */
    @Test
    void a_name_claim_that_is_not_text_falls_back_to_the_subject() {
        for (Object name : List.of(42, List.of("a", "b"), Map.of("x", 1))) {
            assertThat(roles.convert(jwt().claim("preferred_username", name).build()).block().getName()).as("%s", name)
                    .isEqualTo("user-123");
        }
    }

    private static Jwt.Builder jwt() {
        return Jwt.withTokenValue("token").header("alg", "none").subject("user-123");
    }

    private static List<String> authorities(AbstractAuthenticationToken token) {
        return token.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
