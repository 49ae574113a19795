package io.aftermath.shared.web.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/**
 * Reads Aftermath roles from a JWT: the roles claim (a list, or a space- or comma-separated string),
 * plus any scope that names a role ({@code responder}, {@code aftermath:responder}). Other scopes and
 * unknown roles grant nothing. The actor is the name claim, else the subject.
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
        for (String value : values(jwt.getClaims().get(rolesClaim))) {
            Role.parse(value).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        List<String> scopes = new ArrayList<>(values(jwt.getClaims().get("scope")));
        scopes.addAll(values(jwt.getClaims().get("scp")));
        for (String scope : scopes) {
            Role.parse(scope).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        String name = jwt.hasClaim(nameClaim) ? jwt.getClaimAsString(nameClaim) : jwt.getSubject();
        return Mono.just(new JwtAuthenticationToken(jwt, authorities, name));
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
