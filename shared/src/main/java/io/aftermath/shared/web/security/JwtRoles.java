package io.aftermath.shared.web.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/**
 * Reads Aftermath roles from a JWT: the roles claim (a list, or a space- or comma-separated string; a dotted
 * name such as {@code realm_access.roles} also reaches into nested objects), plus any scope that names a role
 * ({@code responder}, {@code aftermath:responder}). Other scopes and
 * unknown roles grant nothing. The actor is the name claim, else the subject; a token with neither as
 * visible text is refused.
 */
public final class JwtRoles implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private final String rolesClaim;
    private final String nameClaim;

    public JwtRoles(String rolesClaim, String nameClaim) {
        this.rolesClaim = rolesClaim;
        this.nameClaim = nameClaim;
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String value : values(rolesOf(jwt.getClaims()))) {
            Role.parse(value).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        List<String> scopes = new ArrayList<>(values(jwt.getClaims().get("scope")));
        scopes.addAll(values(jwt.getClaims().get("scp")));
        for (String scope : scopes) {
            Role.parse(scope).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        String name = usable(claim(jwt, nameClaim)) ? claim(jwt, nameClaim) : jwt.getSubject();
        if (!usable(name)) {
            // The actor signs every event the token writes: an empty or disguised one would hide who acted.
            return Mono.error(new InvalidBearerTokenException("The token names no actor: its " + nameClaim
                    + " and sub are missing, blank, or hold control or format characters"));
        }
        return Mono.just(new JwtAuthenticationToken(jwt, authorities, name));
    }

    /** Text only: a number, list or object under the name claim would be recorded as the actor in Java's spelling. */
    private static String claim(Jwt jwt, String name) {
        return jwt.getClaims().get(name) instanceof String text ? text : null;
    }

    /**
     * The roles claim, or, when no claim has that name and it has dots, the claim at that path through nested
     * objects: Keycloak's realm roles are {@code realm_access.roles}.
     */
    private Object rolesOf(Map<String, Object> claims) {
        Object roles = claims.get(rolesClaim);
        if (roles != null || !rolesClaim.contains(".")) {
            return roles;
        }
        Object nested = claims;
        for (String step : rolesClaim.split("\\.")) {
            nested = nested instanceof Map<?, ?> object ? object.get(step) : null;
        }
        return nested;
    }

    /** Visible text without control or format characters (a NUL, a right-to-left override, a zero-width space). */
    private static boolean usable(String name) {
        return name != null && !name.isBlank() && name.codePoints().noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT);
    }

    private static List<String> values(Object claim) {
        if (claim instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text && !text.isBlank()) {
            return List.of(text.trim().split("[\\s,]+"));
        }
        return List.of();
    }
}
