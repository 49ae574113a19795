package io.aftermath.shared.web.security;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What a token must satisfy beyond its signature: the issuer and its times, as Spring checks them, and
 * the audience when {@code aftermath.security.jwt.audience} names one. Without an audience, any token
 * the issuer signed for any service is taken, with the roles and role-named scopes it carries.
 */
final class TokenChecks {

    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt");

    private TokenChecks() {
    }

    /**
     * A plain JWT, or an access token as RFC 9068 types it ({@code at+jwt}), which some issuers send and
     * Spring's default (JWT or nothing) refused (tester 29); any other type is a different kind of token.
     * Compared as media types are, in any case and with or without {@code application/} (RFC 7515 §4.1.9);
     * a {@code typ} present but empty names no type and is refused.
     */
    private static OAuth2TokenValidator<Jwt> types() {
        return token -> {
            Object type = token.getHeaders().get("typ");
            if (type == null || ACCEPTED_TYPES.contains(mediaType(type))) {
                return OAuth2TokenValidatorResult.success();
            }
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "The token's typ must be JWT or at+jwt, not '" + type + "'", null));
        };
    }

    private static String mediaType(Object type) {
        String lower = type.toString().toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    static OAuth2TokenValidator<Jwt> of(AftermathSecurityProperties.Jwt settings) {
        OAuth2TokenValidator<Jwt> issuer = JwtValidators.createDefaultWithIssuer(settings.issuerUri().toString());
        // Spring takes a token without exp as valid forever (tester 29); issuers set one on every access token.
        OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
        String audience = settings.audience();
        if (audience == null || audience.isBlank()) {
            return new DelegatingOAuth2TokenValidator<>(issuer, expires, types());
        }
        return new DelegatingOAuth2TokenValidator<>(issuer, expires, types(), new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, listed -> listed != null && listed.contains(audience)));
    }
}
