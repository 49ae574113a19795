package io.aftermath.shared.web.security;

import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;

import reactor.core.publisher.Mono;

/**
 * The role table's last rule for the API. A request an endpoint serves that no rule before opens is
 * ADMIN's, so a new endpoint stays closed until someone opens it on purpose. A request no endpoint
 * serves (a path that does not exist, or a method its path does not take) is let through for anyone
 * signed in, so routing answers it 404, or 405 with {@code Allow}, as it does ADMIN: a 403 would read
 * as a role the caller lacks.
 */
final class AdminUnlessUnrouted implements ReactiveAuthorizationManager<AuthorizationContext> {

    private final ReactiveAuthorizationManager<AuthorizationContext> admin =
            AuthorityReactiveAuthorizationManager.hasRole(Role.ADMIN.name());
    private final ReactiveAuthorizationManager<AuthorizationContext> signedIn =
            AuthenticatedReactiveAuthorizationManager.authenticated();
    private final ServedRequests endpoints;

    AdminUnlessUnrouted(ServedRequests endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public Mono<AuthorizationDecision> check(Mono<Authentication> authentication, AuthorizationContext context) {
        return (endpoints.served(context.getExchange()) ? admin : signedIn).check(authentication, context);
    }
}
