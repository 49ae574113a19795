package io.aftermath.shared.web.security;

import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClientException;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * A decoder fails with a {@link JwtException} when the token is at fault (malformed, expired, signed
 * by a key the issuer does not publish): Spring Security answers 401. Any other failure means it could
 * not get what checks the token (the issuer's configuration or key set did not come), so the node
 * cannot tell a good token from a bad one: 503 {@code IDENTITY_PROVIDER_UNAVAILABLE}, which carries
 * {@code Retry-After} like every 503, rather than 500 or a 401 that would send the client to fetch a
 * new token it does not need.
 */
final class IssuerOutageDecoder implements ReactiveJwtDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerOutageDecoder.class);

    private final ReactiveJwtDecoder delegate;

    IssuerOutageDecoder(ReactiveJwtDecoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return delegate.decode(token).onErrorMap(IssuerOutageDecoder::outOfReach, failure -> {
            // One line per refused request: an outage repeats it for every request, so no stack trace.
            LOG.warn("Could not get the identity provider's keys to check a token: {}", rootCause(failure));
            return new DomainRejection(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider's keys could not be fetched to check the token; retry later");
        });
    }

    /**
     * Spring wraps a failed discovery (but not a failed key fetch) in a {@link JwtException} like a bad
     * token's, so the cause says which it was: a call to the issuer that failed or timed out.
     */
    static boolean outOfReach(Throwable failure) {
        if (!(failure instanceof JwtException)) {
            return true;
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof WebClientException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }
}
