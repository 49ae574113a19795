package io.aftermath.shared.web.security;

import java.util.regex.Pattern;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import io.aftermath.shared.error.ErrorCode;
import io.aftermath.shared.web.problem.Problem;
import io.aftermath.shared.web.problem.ProblemWriter;
import reactor.core.publisher.Mono;

/** 401 and 403 as problem+json, like every other refusal, with the challenge the client should answer. */
final class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    /** What RFC 6750 allows in an error description: printable ASCII but the quote and the backslash. */
    private static final Pattern HEADER_UNSAFE = Pattern.compile("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]");

    private final ProblemWriter problems;
    private final String challenge;

    ProblemSecurityHandlers(ProblemWriter problems, String challenge) {
        this.problems = problems;
        this.challenge = challenge;
    }

    /**
     * A bearer token that was refused says why, in the detail and as RFC 6750 has it in the challenge, so a client
     * can tell an expired token (fetch a new one) from a malformed one; a request without credentials gets the bare
     * challenge (tester 152: every 401 read the same).
     */
    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        if (failure instanceof OAuth2AuthenticationException refused
                && BearerTokenErrorCodes.INVALID_TOKEN.equals(refused.getError().getErrorCode())) {
            String reason = refused.getError().getDescription() == null ? "invalid token"
                    : refused.getError().getDescription();
            exchange.getResponse().getHeaders().set("WWW-Authenticate", challenge + " error=\"invalid_token\", "
                    + "error_description=\"" + HEADER_UNSAFE.matcher(reason).replaceAll(" ") + "\"");
            return problems.write(exchange, Problem.of(ErrorCode.UNAUTHENTICATED, "The bearer token was refused: "
                    + reason));
        }
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
