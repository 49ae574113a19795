package io.aftermath.shared.web.security;

import static io.aftermath.shared.web.security.Role.ADMIN;
import static io.aftermath.shared.web.security.Role.AUDITOR;
import static io.aftermath.shared.web.security.Role.REPORTER;
import static io.aftermath.shared.web.security.Role.RESPONDER;
import static io.aftermath.shared.web.security.Role.TRIAGER;

import java.util.Arrays;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * The role table. ADMIN may do everything; AUDITOR reads everything and writes nothing; a write not
 * listed here is ADMIN's alone, so a new endpoint is closed until someone opens it on purpose, while a
 * request no endpoint serves is answered 404 or 405 to anyone signed in ({@link AdminUnlessUnrouted}).
 */
public final class AccessRules {

    public static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**"};

    private AccessRules() {
    }

    public static void apply(AuthorizeExchangeSpec rules, ServedRequests endpoints) {
        rules.pathMatchers(OPEN).permitAll()
                .pathMatchers(HttpMethod.GET, "/api/admin/projections").hasAnyRole(names(AUDITOR, ADMIN))
                .pathMatchers("/api/admin/**").hasRole(ADMIN.name())
                .pathMatchers(HttpMethod.GET, "/api/events", "/api/events/**", "/api/audit/**")
                .hasAnyRole(names(AUDITOR, ADMIN))
                .pathMatchers(HttpMethod.GET, "/api/**").hasAnyRole(names(Role.values()))
                .pathMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(names(Role.values()))
                .pathMatchers(HttpMethod.POST, "/api/releases").hasAnyRole(names(RESPONDER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/tickets").hasAnyRole(names(REPORTER, TRIAGER, RESPONDER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/tickets/*/prioritise", "/api/tickets/*/assign",
                        "/api/tickets/*/mark-duplicate").hasAnyRole(names(TRIAGER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/tickets/*/resolve").hasAnyRole(names(TRIAGER, RESPONDER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/tickets/*/reopen")
                .hasAnyRole(names(REPORTER, TRIAGER, RESPONDER, ADMIN))
                .pathMatchers(HttpMethod.POST, "/api/releases/*/user-updates", "/api/releases/*/lessons",
                        "/api/releases/*/action-items", "/api/releases/*/action-items/*/complete",
                        "/api/releases/*/close-retrospective", "/api/postmortems/import")
                .hasAnyRole(names(RESPONDER, ADMIN))
                .pathMatchers("/api/**").access(new AdminUnlessUnrouted(endpoints))
                .pathMatchers("/actuator/**").hasRole(ADMIN.name())
                .anyExchange().authenticated();
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
