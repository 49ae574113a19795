package io.aftermath.shared.web.security;

import static io.aftermath.shared.web.security.Role.ADMIN;
import static io.aftermath.shared.web.security.Role.AUDITOR;
import static io.aftermath.shared.web.security.Role.REPORTER;
import static io.aftermath.shared.web.security.Role.RESPONDER;
import static io.aftermath.shared.web.security.Role.TRIAGER;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The role table. ADMIN may do everything; AUDITOR reads everything and writes nothing; a write not
 * listed here is ADMIN's alone, so a new endpoint is closed until someone opens it on purpose, while a
 * request no endpoint serves is answered 404 or 405 to anyone signed in ({@link AdminUnlessUnrouted}).
 * One table both guards the API and describes it ({@link #rolesFor}), so the two cannot disagree.
 */
public final class AccessRules {

    public static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**"};

    /** The raw log and its verification. */
    private static final List<String> AUDITS = List.of("/api/events", "/api/events/**", "/api/releases/*/events",
            "/api/audit/**");

    /** In order: the first rule whose method and path match a request decides it. */
    private static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.GET, List.of("/api/admin/projections"), AUDITOR, ADMIN),
            new Rule(HttpMethod.HEAD, List.of("/api/admin/projections"), AUDITOR, ADMIN),
            new Rule(null, List.of("/api/admin/**"), ADMIN),
            new Rule(HttpMethod.GET, AUDITS, AUDITOR, ADMIN),
            // A HEAD runs the GET's handler and answers its headers (the log's head, whether a release is there).
            new Rule(HttpMethod.HEAD, AUDITS, AUDITOR, ADMIN),
            new Rule(HttpMethod.GET, List.of("/api/**"), Role.values()),
            new Rule(HttpMethod.HEAD, List.of("/api/**"), Role.values()),
            new Rule(HttpMethod.POST, List.of("/api/releases"), RESPONDER, ADMIN),
            new Rule(HttpMethod.POST, List.of("/api/tickets"), REPORTER, TRIAGER, RESPONDER, ADMIN),
            new Rule(HttpMethod.POST, List.of("/api/tickets/*/prioritise", "/api/tickets/*/assign",
                    "/api/tickets/*/mark-duplicate"), TRIAGER, ADMIN),
            new Rule(HttpMethod.POST, List.of("/api/tickets/*/resolve"), TRIAGER, RESPONDER, ADMIN),
            new Rule(HttpMethod.POST, List.of("/api/tickets/*/reopen"), REPORTER, TRIAGER, RESPONDER, ADMIN),
            new Rule(HttpMethod.POST, List.of("/api/releases/*/user-updates", "/api/releases/*/lessons",
                    "/api/releases/*/action-items", "/api/releases/*/action-items/*/complete",
                    "/api/releases/*/close-retrospective", "/api/postmortems/import"), RESPONDER, ADMIN));

    private AccessRules() {
    }

    public static void apply(AuthorizeExchangeSpec rules, ServedRequests endpoints) {
        rules.pathMatchers(OPEN).permitAll();
        for (Rule rule : RULES) {
            String[] patterns = rule.patterns().toArray(String[]::new);
            (rule.method() == null ? rules.pathMatchers(patterns) : rules.pathMatchers(rule.method(), patterns))
                    .hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
        }
        rules.pathMatchers("/api/**").access(new AdminUnlessUnrouted(endpoints))
                .pathMatchers("/actuator/**").hasRole(ADMIN.name())
                .anyExchange().authenticated();
    }

    /**
     * The roles that may call {@code method} at {@code path}, an API path as its description writes it
     * ({@code /api/tickets/{ticketId}/assign}); ADMIN alone where no rule names it.
     */
    public static Set<Role> rolesFor(HttpMethod method, String path) {
        PathContainer concrete = PathContainer.parsePath(path.replaceAll("\\{[^}/]+}", "x"));
        return RULES.stream().filter(rule -> rule.matches(method, concrete)).findFirst().map(Rule::roles)
                .orElse(EnumSet.of(ADMIN));
    }

    private record Rule(HttpMethod method, List<String> patterns, Set<Role> roles) {

        Rule(HttpMethod method, List<String> patterns, Role... roles) {
            this(method, patterns, Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(roles))));
        }

        boolean matches(HttpMethod requested, PathContainer path) {
            return (method == null || method.equals(requested)) && patterns.stream()
                    .map(PathPatternParser.defaultInstance::parse).anyMatch(pattern -> pattern.matches(path));
        }
    }
}
