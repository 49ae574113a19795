package io.aftermath.shared.web.security;

import java.time.Instant;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/** When the credentials of the request being answered stop being good, for answers that outlive the request. */
public final class CredentialExpiry {

    private CredentialExpiry() {
    }

    /** A bearer token's {@code exp}; empty for credentials that carry none (Basic, the open endpoints). */
    public static Mono<Instant> ofRequest() {
        return ReactiveSecurityContextHolder.getContext().mapNotNull(SecurityContext::getAuthentication)
                .mapNotNull(authentication -> authentication instanceof JwtAuthenticationToken token
                        ? token.getToken().getExpiresAt() : null);
    }
}
