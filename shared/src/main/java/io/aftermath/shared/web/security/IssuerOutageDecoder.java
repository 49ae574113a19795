package io.aftermath.shared.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.aftermath.shared.error.DomainRejection;
import io.aftermath.shared.error.ErrorCode;
import reactor.core.publisher.Mono;

/**
 * Spring refuses a token for its own faults with a {@link BadJwtException} (malformed, a signature or key
 * id the issuer's keys do not match, claims that fail the checks): Spring Security answers 401. Any other
 * failure means the node could not get what checks the token (the issuer's configuration or key set did
 * not come: refused, timed out, or answered with an error such as 404 or 429), so it cannot tell a good
 * token from a bad one: 503 {@code IDENTITY_PROVIDER_UNAVAILABLE}, which carries {@code Retry-After} like
 * every 503, rather than 500 or a 401 that would send the client to fetch a new token it does not need.
 * One WARN line at most every {@link #LOG_EVERY} (with how many were refused meanwhile): anyone can send
 * tokens naming made-up keys, and an outage refuses every such request.
 */
final class IssuerOutageDecoder implements ReactiveJwtDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerOutageDecoder.class);
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.MIN);
    private final AtomicLong unlogged = new AtomicLong();

    IssuerOutageDecoder(ReactiveJwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return delegate.decode(token).onErrorMap(IssuerOutageDecoder::outOfReach, failure -> {
            log(failure);
            return new DomainRejection(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider's keys could not be fetched to check the token; retry later");
        });
    }

    private void log(Throwable failure) {
        Instant now = clock.instant();
        Instant last = lastLogged.get();
        if (now.isBefore(last.plus(LOG_EVERY)) || !lastLogged.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long meanwhile = unlogged.getAndSet(0);
        LOG.warn("Could not get the identity provider's keys to check a token: {}{}", rootCause(failure),
                meanwhile == 0 ? "" : " (" + meanwhile + " more refused 503 since the last such line)");
    }

    static boolean outOfReach(Throwable failure) {
        return !(failure instanceof BadJwtException);
    }

    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }
}
