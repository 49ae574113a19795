package io.aftermath.shared.web.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What a token must satisfy beyond its signature: the issuer and its times, as Spring checks them, and
 * the audience when {@code aftermath.security.jwt.audience} names one. Without an audience, any token
 * the issuer signed for any service is taken, with the roles and role-named scopes it carries.
 */
final class TokenChecks {

    private TokenChecks() {
    }

    /**
     * A plain JWT, or an access token as RFC 9068 types it ({@code at+jwt}), which some issuers send and
     * Spring's default (JWT or nothing) refused (tester 29); any other type is a different kind of token.
     */
    private static OAuth2TokenValidator<Jwt> types() {
        JwtTypeValidator types = new JwtTypeValidator("JWT", "jwt", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        return types;
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
