package io.aftermath.shared.web.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/** 401 and 403 as problem+json, like every other refusal, with the challenge the client should answer. */
final class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ProblemWriter problems;
    private final String challenge;

    ProblemSecurityHandlers(ProblemWriter problems, String challenge) {
        this.problems = problems;
        this.challenge = challenge;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        exchange.getResponse().getHeaders().set("WWW-Authenticate", challenge);
        return problems.write(exchange, Problem.of(ErrorCode.UNAUTHENTICATED,
                "Missing or wrong credentials"));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return problems.write(exchange, Problem.of(ErrorCode.FORBIDDEN,
                "Your role does not allow " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()));
    }
}
